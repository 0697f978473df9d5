"""Exporting the super fans to a file: the format chosen, nobody left out by mistake, logged."""

from datetime import datetime
from itertools import chain
from typing import BinaryIO

from app.engagement.superfan_csv import copy_csv, write_csv
from app.engagement.superfan_xlsx import write_xlsx
from app.engagement.superfans import superfan_rows
from app.extensions import db
from app.models import Brand, ExportLog

FORMATS = ("csv", "xlsx")


class NothingToExport(Exception):
    """No fan of the brand may be exported with these filters."""


def export(
    brand: Brand,
    out: BinaryIO,
    *,
    actor: str,
    user_id: int | None = None,
    fmt: str = "csv",
    top: int | None = None,
    since: datetime | None = None,
    excel_bom: bool = False,
) -> int:
    """Write the brand's super fans to `out` and log the export; the caller commits."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: choose {' or '.join(FORMATS)}")
    if fmt == "csv" and db.session.get_bind().dialect.name == "postgresql":
        count = copy_csv(brand, out, top=top, since=since, excel_bom=excel_bom)
    else:
        rows = superfan_rows(brand, top=top, since=since, for_csv=fmt == "csv")
        first = next(rows, None)
        count = 0
        if first is not None:
            rows = chain([first], rows)
            count = (
                write_xlsx(rows, out)
                if fmt == "xlsx"
                else write_csv(rows, out, excel_bom=excel_bom)
            )
    if not count:
        raise NothingToExport(
            f"No fan of {brand.name} can be exported"
            + (f" (active since {since:%Y-%m-%d})" if since else "")
            + ": none has given marketing consent, or all are suppressed, staff or flagged."
        )
    filters = {"top": top, "since": since.isoformat() if since else None, "excel_bom": excel_bom}
    db.session.add(
        ExportLog(
            brand_id=brand.id,
            user_id=user_id,
            actor=actor,
            format=fmt,
            filters=filters,
            row_count=count,
        )
    )
    return count
