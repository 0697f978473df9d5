"""Super-fan exports from the console: the filters, the file, and the log of past exports."""

import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import IO
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.console.services import Invalid
from app.engagement import superfan_export
from app.extensions import db
from app.models import Brand, ExportLog, User

TOP_MAX = 1_000_000
MIMETYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


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
        problems["format"] = f"Choose {' or '.join(superfan_export.FORMATS)}."
    top = None
    raw_top = form.get("top", "").strip()
    if raw_top:
        if raw_top.isdigit() and 1 <= int(raw_top) <= TOP_MAX:
            top = int(raw_top)
        else:
            problems["top"] = f"Enter a whole number from 1 to {TOP_MAX}, or leave it empty."
    since = None
    raw_since = form.get("since", "").strip()
    if raw_since:
        try:
            since = date.fromisoformat(raw_since)
        except ValueError:
            problems["since"] = "Enter a date as YYYY-MM-DD, or leave it empty."
    if problems:
        raise Invalid(problems)
    # The BOM only helps Excel read a CSV as UTF-8; an XLSX has no use for it.
    excel_bom = fmt == "csv" and form.get("excel_bom") == "on"
    return ExportRequest(fmt=fmt, top=top, since=since, excel_bom=excel_bom)


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


def export_log(brand: Brand, limit: int = 50) -> list[ExportLog]:
    return list(
        db.session.scalars(
            select(ExportLog)
            .where(ExportLog.brand_id == brand.id)
            .order_by(ExportLog.created_at.desc(), ExportLog.id.desc())
            .limit(limit)
        )
    )
