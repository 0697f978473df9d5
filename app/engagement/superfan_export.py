"""Exporting the super fans to a file: the format chosen, nobody left out by mistake, logged."""

from collections.abc import Callable, Iterator
from datetime import datetime
from itertools import chain
from typing import BinaryIO

from sqlalchemy import func, select

from app.engagement.superfan_csv import copy_csv, write_csv
from app.engagement.superfan_xlsx import write_xlsx
from app.engagement.superfans import ranked, superfan_rows
from app.extensions import db
from app.models import Brand, ExportLog, FanProfile

FORMATS = ("csv", "xlsx")
# Told how many rows are written so far, as they are written.
Progress = Callable[[int], None]


class NothingToExport(Exception):
    """No fan of the brand may be exported with these filters."""


def count(brand: Brand, *, top: int | None = None, since: datetime | None = None) -> int:
    """How many rows an export with these filters would have, without writing any."""
    fans = ranked(brand, [FanProfile.id], top=top, since=since).order_by(None)
    return db.session.scalar(select(func.count()).select_from(fans.subquery()))


def write(
    brand: Brand,
    out: BinaryIO,
    *,
    fmt: str = "csv",
    top: int | None = None,
    since: datetime | None = None,
    excel_bom: bool = False,
    progress: Progress | None = None,
) -> int:
    """Write the brand's super fans to `out`; the rows written. Logs nothing.

    Raises NothingToExport, before anything is written, when nobody qualifies.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: choose {' or '.join(FORMATS)}")
    if fmt == "csv" and db.session.get_bind().dialect.name == "postgresql":
        written = copy_csv(brand, out, top=top, since=since, excel_bom=excel_bom, progress=progress)
    else:
        rows = superfan_rows(brand, top=top, since=since, for_csv=fmt == "csv")
        first = next(rows, None)
        written = 0
        if first is not None:
            rows = chain([first], rows)
            if progress is not None:
                rows = _reporting(rows, progress)
            written = (
                write_xlsx(rows, out)
                if fmt == "xlsx"
                else write_csv(rows, out, excel_bom=excel_bom)
            )
    if not written:
        raise NothingToExport(
            f"No fan of {brand.name} can be exported"
            + (f" (active since {since:%Y-%m-%d})" if since else "")
            + ": none has given marketing consent, or all are suppressed, staff or flagged."
        )
    return written


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
    written = write(brand, out, fmt=fmt, top=top, since=since, excel_bom=excel_bom)
    db.session.add(
        ExportLog(
            brand_id=brand.id,
            user_id=user_id,
            actor=actor,
            format=fmt,
            filters=filters_of(top=top, since=since, excel_bom=excel_bom),
            row_count=written,
            state="sent",
        )
    )
    return written


def filters_of(*, top: int | None, since: datetime | None, excel_bom: bool) -> dict:
    """The filters as the export log keeps them (JSON)."""
    return {"top": top, "since": since.isoformat() if since else None, "excel_bom": excel_bom}


def _reporting(rows, progress: Progress) -> Iterator[tuple]:
    """Pass rows through, telling `progress` after each one how many went by."""
    for written, row in enumerate(rows, start=1):
        yield row
        progress(written)
