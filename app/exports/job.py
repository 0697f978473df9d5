"""Any dataset's export as a job: written with its progress shown, kept until it expires,
then an email names what is ready; a failure is kept on the log row."""

import os
from collections.abc import Callable
from zoneinfo import ZoneInfo

from flask_babel import force_locale
from flask_babel import gettext as _

from app import clock, jobs
from app.exports import files, registry
from app.exports.datasets import Dataset, NothingToExport, Scope
from app.exports.progress import RUNNABLE, ProgressWriter
from app.extensions import db
from app.mail import send_email
from app.models import Brand, Campaign, ExportLog, User


def log_row(
    scope: Scope, dataset: Dataset, user: User, *, state: str, row_count: int = 0, **values
) -> ExportLog:
    """The export's log row, added to the session; the caller commits."""
    filters = dict(scope.filters)
    if scope.campaign is not None:
        # The log outlives the campaign (campaign_id is set null): its title stays here.
        filters["campaign"] = scope.campaign.title
    export = ExportLog(
        brand_id=scope.brand.id,
        user_id=user.id,
        actor=user.email or f"user {user.id}",
        dataset=dataset.key,
        campaign_id=scope.campaign.id if scope.campaign is not None else None,
        format=scope.fmt,
        filters=filters,
        row_count=row_count,
        state=state,
        **values,
    )
    db.session.add(export)
    return export


def start(
    scope: Scope,
    dataset: Dataset,
    user: User,
    *,
    rows_expected: int,
    locale: str,
    link: Callable[[ExportLog], str],
) -> ExportLog:
    """Log the export as queued and ask for the job; the caller commits.

    `link(export)` is the absolute address of the export's console page, for the email.
    """
    export = log_row(scope, dataset, user, state="queued", rows_expected=rows_expected)
    db.session.flush()
    jobs.enqueue(run, export.id, locale, link(export))
    return export


def scope_of(export: ExportLog) -> Scope:
    filters = {k: v for k, v in (export.filters or {}).items() if k != "campaign"}
    return Scope(
        brand=db.session.get(Brand, export.brand_id),
        campaign=db.session.get(Campaign, export.campaign_id) if export.campaign_id else None,
        fmt=export.format,
        filters=filters,
    )


def download_name(export: ExportLog, scope: Scope) -> str:
    of = scope.campaign.slug if scope.campaign is not None else scope.brand.slug
    return f"{export.dataset}-{of}-{export.created_at:%Y%m%d-%H%M}.{export.format}"


def run(export_id: int, locale: str, link: str) -> None:
    """The job: write the file, then mark the export ready and email whoever asked for it."""
    export = db.session.get(ExportLog, export_id)
    if export is None or export.state not in RUNNABLE:
        return
    scope = scope_of(export)
    dataset = registry.find(export.dataset, scope.campaign)
    if dataset is None or (dataset.per_campaign and scope.campaign is None):
        with force_locale(locale):
            _finish(export, state="failed", error=_("This list can no longer be exported."))
        return
    progress = ProgressWriter(export.id)
    progress.start()
    name = files.name_for(export)
    target = files.path_of(name)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        # The file's headings and words in the language of whoever asked.
        with force_locale(locale), partial.open("wb") as out:
            written = dataset.write(scope, out, progress)
    except NothingToExport as nothing:
        partial.unlink(missing_ok=True)
        with force_locale(locale):
            _finish(export, state="failed", error=str(nothing.message))
        return
    except Exception as error:
        partial.unlink(missing_ok=True)
        _record_failure(export_id, f"{type(error).__name__}: {error}"[:2000])
        raise
    # Emails and contact details: readable by the app's own user only.
    os.chmod(partial, 0o600)
    os.replace(partial, target)
    now = clock.now()
    export.state = "ready"
    export.row_count = written
    export.file_path = name
    export.download_name = download_name(export, scope)
    export.expires_at = now + files.keep_for()
    export.finished_at = now
    export.error = None
    _email_ready(export, scope, dataset, locale, link)
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


def _email_ready(export: ExportLog, scope: Scope, dataset: Dataset, locale: str, link: str) -> None:
    user = db.session.get(User, export.user_id) if export.user_id else None
    if user is None or not user.email:
        return
    brand = scope.brand
    zone = ZoneInfo(brand.timezone)
    until = export.expires_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    with force_locale(locale):
        subject = dataset.words(dataset.subject, scope)
        body = "\n\n".join(
            (
                dataset.rows_sentence(export.row_count, export.format),
                _("Download it before %(until)s (%(zone)s):", until=until, zone=brand.timezone)
                + "\n"
                + link,
                _("After that the file is deleted; you can export again from the console."),
            )
        )
    send_email(user.email, subject, body)
