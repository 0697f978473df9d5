"""Exports from the console: the super-fan filters, any dataset at once or as a job, the log."""

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import IO
from zoneinfo import ZoneInfo

from flask import abort, current_app, url_for
from flask_babel import format_number, ngettext
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import clock
from app.console.paging import Page, paginate
from app.console.services import Invalid
from app.engagement import superfan_export
from app.exports import files
from app.exports import job as export_job
from app.exports.datasets import Dataset, Scope
from app.exports.superfan_dataset import SUPERFANS
from app.extensions import db
from app.models import Brand, ExportLog, User

TOP_MAX = 1_000_000
# Up to this many rows an export downloads at once; more run as a job with a progress bar.
DIRECT_ROWS = 1_000
MIMETYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
UNFINISHED = ("queued", "running")


@dataclass(frozen=True)
class ExportRequest:
    fmt: str
    top: int | None
    since: date | None
    excel_bom: bool

    def since_instant(self, brand: Brand) -> datetime | None:
        """Midnight of the chosen day in the brand's time zone, as a UTC instant."""
        if self.since is None:
            return None
        return datetime.combine(self.since, time(), ZoneInfo(brand.timezone)).astimezone(UTC)


def parse_request(form) -> ExportRequest:
    """The export filters from the form; Invalid names each bad one."""
    problems = {}
    fmt = form.get("format", "csv")
    if fmt not in superfan_export.FORMATS:
        problems["format"] = _("Choose csv or xlsx.")
    top = None
    raw_top = form.get("top", "").strip()
    if raw_top:
        if raw_top.isdigit() and 1 <= int(raw_top) <= TOP_MAX:
            top = int(raw_top)
        else:
            problems["top"] = _(
                "Enter a whole number from 1 to %(max)d, or leave it empty.", max=TOP_MAX
            )
    since = None
    raw_since = form.get("since", "").strip()
    if raw_since:
        try:
            since = date.fromisoformat(raw_since)
        except ValueError:
            problems["since"] = _("Enter a date as YYYY-MM-DD, or leave it empty.")
    if problems:
        raise Invalid(problems)
    # The BOM only helps Excel read a CSV as UTF-8; an XLSX has no use for it.
    excel_bom = fmt == "csv" and form.get("excel_bom") == "on"
    return ExportRequest(fmt=fmt, top=top, since=since, excel_bom=excel_bom)


def nothing_message(brand: Brand, wanted: ExportRequest) -> str:
    """Why an export would be empty, in the staff member's language."""
    if wanted.since:
        return _(
            "No fan of %(brand)s can be exported (active since %(day)s): none has given "
            "marketing consent, or all are suppressed, staff or flagged.",
            brand=brand.name,
            day=wanted.since.isoformat(),
        )
    return _(
        "No fan of %(brand)s can be exported: none has given marketing consent, or all are "
        "suppressed, staff or flagged.",
        brand=brand.name,
    )


def rows_expected(brand: Brand, wanted: ExportRequest) -> int:
    return SUPERFANS.count(superfan_scope(brand, wanted))


def runs_at_once(rows: int) -> bool:
    """Whether an export of this many rows is small enough to download in the request."""
    return rows <= current_app.config.get("EXPORT_DIRECT_ROWS", DIRECT_ROWS)


def write_now(scope: Scope, dataset: Dataset, user: User) -> tuple[IO[bytes], str, str]:
    """The export in a temporary file (rewound), its download name and MIME type; logged
    as sent (the caller commits).

    Raises datasets.NothingToExport before anything is written when nothing qualifies.
    """
    # Handed to the response, which closes it once sent; closed here if the export fails.
    out = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        written = dataset.write(scope, out, None)
    except BaseException:
        out.close()
        raise
    export_job.log_row(scope, dataset, user, state="sent", row_count=written)
    out.seek(0)
    of = scope.campaign.slug if scope.campaign is not None else scope.brand.slug
    filename = f"{dataset.key}-{of}-{clock.now():%Y%m%d-%H%M}.{scope.fmt}"
    return out, filename, MIMETYPES[scope.fmt]


def superfan_scope(brand: Brand, wanted: ExportRequest) -> Scope:
    since = wanted.since_instant(brand)
    filters = superfan_export.filters_of(top=wanted.top, since=since, excel_bom=wanted.excel_bom)
    return Scope(brand=brand, campaign=None, fmt=wanted.fmt, filters=filters)


def write_export(brand: Brand, user: User, wanted: ExportRequest) -> tuple[IO[bytes], str, str]:
    """The super-fan export at once (see write_now)."""
    return write_now(superfan_scope(brand, wanted), SUPERFANS, user)


def _link(brand: Brand) -> Callable[[ExportLog], str]:
    return lambda export: (
        current_app.config["BASE_URL"].rstrip("/")
        + url_for("console_exports.show", brand_slug=brand.slug, export_id=export.id)
    )


def queue(scope: Scope, dataset: Dataset, user: User, rows: int, locale: str) -> ExportLog:
    """Log the export as queued and start its job once the request commits."""
    return export_job.start(
        scope, dataset, user, rows_expected=rows, locale=locale, link=_link(scope.brand)
    )


def queue_export(
    brand: Brand, user: User, wanted: ExportRequest, rows: int, locale: str
) -> ExportLog:
    """The super-fan export as a job (see queue)."""
    return queue(superfan_scope(brand, wanted), SUPERFANS, user, rows, locale)


def export_log(brand: Brand) -> Page:
    """The brand's exports, newest first, one page at a time (?page=)."""
    return paginate(
        select(ExportLog)
        .where(ExportLog.brand_id == brand.id)
        .options(selectinload(ExportLog.campaign))
        .order_by(ExportLog.created_at.desc(), ExportLog.id.desc())
    )


def find_export(brand: Brand, export_id: int) -> ExportLog:
    """One export of the brand, or the console's 404."""
    export = db.session.scalar(
        select(ExportLog).where(ExportLog.id == export_id, ExportLog.brand_id == brand.id)
    )
    if export is None:
        abort(404)
    return export


def progress_text(export: ExportLog) -> str:
    """Where the export stands, in words."""
    if export.state == "queued":
        return _("Waiting for a worker to start the export…")
    if export.state == "running":
        if export.rows_expected:
            return _(
                "%(written)s of %(expected)s rows written",
                written=format_number(export.row_count),
                expected=format_number(export.rows_expected),
            )
        return ngettext("%(num)d row written", "%(num)d rows written", export.row_count)
    return ngettext("%(num)d row", "%(num)d rows", export.row_count)


def progress(export: ExportLog) -> dict:
    """What the export page polls while the job runs."""
    return {
        "state": export.state,
        "rows": export.row_count,
        "expected": export.rows_expected,
        "text": progress_text(export),
        "finished": export.state not in UNFINISHED,
    }


def is_downloadable(export: ExportLog, now: datetime) -> bool:
    return files.is_downloadable(export, now)


def file_of(export: ExportLog):
    return files.path_of(export.file_path)
