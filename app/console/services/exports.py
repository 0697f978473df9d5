"""Super-fan exports from the console: the filters, at once or as a job, and the export log."""

import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import IO
from zoneinfo import ZoneInfo

from flask import abort, current_app, url_for
from flask_babel import format_number, ngettext
from flask_babel import gettext as _
from sqlalchemy import select

from app.console.paging import Page, paginate
from app.console.services import Invalid
from app.engagement import superfan_export
from app.exports import files
from app.exports import superfans as superfan_job
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
    return superfan_export.count(brand, top=wanted.top, since=wanted.since_instant(brand))


def runs_at_once(rows: int) -> bool:
    """Whether an export of this many rows is small enough to download in the request."""
    return rows <= current_app.config.get("EXPORT_DIRECT_ROWS", DIRECT_ROWS)


def write_export(brand: Brand, user: User, wanted: ExportRequest) -> tuple[IO[bytes], str, str]:
    """The export in a temporary file (rewound), its download name and MIME type.

    Raises superfan_export.NothingToExport before anything is written when nobody qualifies.
    """
    # Handed to the response, which closes it once sent; closed here if the export fails.
    out = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        superfan_export.export(
            brand,
            out,
            actor=user.email,
            user_id=user.id,
            fmt=wanted.fmt,
            top=wanted.top,
            since=wanted.since_instant(brand),
            excel_bom=wanted.excel_bom,
        )
    except BaseException:
        out.close()
        raise
    out.seek(0)
    filename = f"superfans-{brand.slug}-{datetime.now(UTC):%Y%m%d-%H%M}.{wanted.fmt}"
    return out, filename, MIMETYPES[wanted.fmt]


def queue_export(
    brand: Brand, user: User, wanted: ExportRequest, rows: int, locale: str
) -> ExportLog:
    """Log the export as queued and start its job once the request commits."""
    return superfan_job.start(
        brand,
        user,
        fmt=wanted.fmt,
        top=wanted.top,
        since=wanted.since_instant(brand),
        excel_bom=wanted.excel_bom,
        rows_expected=rows,
        locale=locale,
        link=lambda export: (
            current_app.config["BASE_URL"].rstrip("/")
            + url_for("console_exports.show", brand_slug=brand.slug, export_id=export.id)
        ),
    )


def export_log(brand: Brand) -> Page:
    """The brand's exports, newest first, one page at a time (?page=)."""
    return paginate(
        select(ExportLog)
        .where(ExportLog.brand_id == brand.id)
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
