"""The super-fan export as a job: written with its progress shown, kept until it expires."""

import os
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from app import clock, jobs
from app.engagement import superfan_export
from app.exports import files
from app.exports.progress import RUNNABLE, ProgressWriter
from app.extensions import db
from app.mail import send_email
from app.models import Brand, ExportLog, User


def start(
    brand: Brand,
    user: User,
    *,
    fmt: str,
    top: int | None,
    since: datetime | None,
    excel_bom: bool,
    rows_expected: int,
    locale: str,
    link: Callable[[ExportLog], str],
) -> ExportLog:
    """Log the export as queued and ask for the job; the caller commits.

    `link(export)` is the absolute address of the export's console page, for the email.
    """
    export = ExportLog(
        brand_id=brand.id,
        user_id=user.id,
        actor=user.email,
        format=fmt,
        filters=superfan_export.filters_of(top=top, since=since, excel_bom=excel_bom),
        row_count=0,
        rows_expected=rows_expected,
        state="queued",
    )
    db.session.add(export)
    db.session.flush()
    jobs.enqueue(run, export.id, locale, link(export))
    return export


def run(export_id: int, locale: str, link: str) -> None:
    """The job: write the file, then mark the export ready and email whoever asked for it."""
    export = db.session.get(ExportLog, export_id)
    if export is None or export.state not in RUNNABLE:
        return
    brand = db.session.get(Brand, export.brand_id)
    progress = ProgressWriter(export.id)
    progress.start()
    name = files.name_for(export)
    target = files.path_of(name)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    filters = export.filters or {}
    try:
        with partial.open("wb") as out:
            written = superfan_export.write(
                brand,
                out,
                fmt=export.format,
                top=filters.get("top"),
                since=_instant(filters.get("since")),
                excel_bom=bool(filters.get("excel_bom")),
                progress=progress,
            )
    except superfan_export.NothingToExport:
        partial.unlink(missing_ok=True)
        with force_locale(locale):
            message = _("Nobody could be exported any more: the fans' consent or flags changed.")
        _finish(export, state="failed", error=message)
        return
    except Exception as error:
        partial.unlink(missing_ok=True)
        _record_failure(export_id, f"{type(error).__name__}: {error}"[:2000])
        raise
    # Fans' emails: readable by the app's own user only.
    os.chmod(partial, 0o600)
    os.replace(partial, target)
    now = clock.now()
    export.state = "ready"
    export.row_count = written
    export.file_path = name
    export.download_name = f"superfans-{brand.slug}-{export.created_at:%Y%m%d-%H%M}.{export.format}"
    export.expires_at = now + files.keep_for()
    export.finished_at = now
    export.error = None
    _email_ready(export, brand, locale, link)
    # Any export job also clears older files past their time; last, so the rows it marks
    # stay locked only for the moment before the job commits.
    files.expire_due()


def _finish(export: ExportLog, **values) -> None:
    for key, value in values.items():
        setattr(export, key, value)
    export.finished_at = clock.now()


def _record_failure(export_id: int, message: str) -> None:
    """Keep the error on the log row, in a transaction of its own: the job's rolls back."""
    db.session.rollback()
    export = db.session.get(ExportLog, export_id)
    if export is not None:
        _finish(export, state="failed", error=message)
        db.session.commit()


def _email_ready(export: ExportLog, brand: Brand, locale: str, link: str) -> None:
    user = db.session.get(User, export.user_id) if export.user_id else None
    if user is None or not user.email:
        return
    zone = ZoneInfo(brand.timezone)
    until = export.expires_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    with force_locale(locale):
        subject = _("Your super-fan export of %(brand)s is ready", brand=brand.name)
        body = "\n\n".join(
            (
                ngettext(
                    "Your export holds %(num)d fan (%(format)s).",
                    "Your export holds %(num)d fans (%(format)s).",
                    export.row_count,
                    format=export.format.upper(),
                ),
                _("Download it before %(until)s (%(zone)s):", until=until, zone=brand.timezone)
                + "\n"
                + link,
                _("After that the file is deleted; you can export again from the console."),
            )
        )
    send_email(user.email, subject, body)


def _instant(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
