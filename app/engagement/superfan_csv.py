"""The super-fan export as CSV: by Python's csv module, or by PostgreSQL's COPY, byte for byte
the same file."""

import csv
import io
from collections.abc import Callable
from datetime import datetime
from typing import BinaryIO

from app.engagement.superfan_columns import HEADERS, sql_texts
from app.engagement.superfans import Counted, ranked, score_divisor
from app.extensions import db
from app.models import Brand

# What is handed to the output file at a time when PostgreSQL writes the CSV.
COPY_BLOCK_BYTES = 256 * 1024


def write_csv(rows, out: BinaryIO, *, excel_bom: bool = False) -> int:
    """RFC 4180 CSV in UTF-8 (a BOM for Excel if asked) of safe rows; returns how many."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig" if excel_bom else "utf-8", newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(HEADERS)
    counted = Counted(rows)
    writer.writerows(counted)
    text.flush()
    text.detach()
    return counted.count


def copy_csv(
    brand: Brand,
    out: BinaryIO,
    *,
    top: int | None = None,
    since: datetime | None = None,
    now: datetime | None = None,
    excel_bom: bool = False,
    progress: Callable[[int], None] | None = None,
) -> int:
    """write_csv(superfan_rows(...)) on PostgreSQL, byte for byte, written by its COPY.

    Rank, score, neutralising and the join source are computed in SQL (superfan_columns);
    PostgreSQL quotes fields as Python's csv does (comma, quote, CR, LF), writes NULL as an
    empty field and never gets an empty string here. Only its line ends differ: see CrLf.
    Nothing is written when no fan qualifies: the header waits for the first row. Returns
    the rows; `progress`, if given, hears the rows written so far after each block.
    """
    query = ranked(brand, sql_texts(score_divisor(brand, now)), top=top, since=since)
    connection = db.session.connection()
    # COPY takes no server-side parameters: psycopg binds them into the text, IN lists too.
    compiled = query.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    ends = CrLf()
    pending = bytearray()
    started = False
    with (
        connection.connection.driver_connection.cursor() as cursor,
        cursor.copy(f"COPY ({compiled}) TO STDOUT (FORMAT csv)", compiled.params) as copy,
    ):
        for data in copy:
            pending += data
            if len(pending) >= COPY_BLOCK_BYTES:
                if not started:
                    out.write(_header(excel_bom))
                    started = True
                out.write(ends(bytes(pending)))
                pending.clear()
                if progress is not None:
                    progress(ends.rows)
    if pending:
        if not started:
            out.write(_header(excel_bom))
        out.write(ends(bytes(pending)))
    return ends.rows


def _header(excel_bom: bool) -> bytes:
    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\r\n").writerow(HEADERS)
    return ("\ufeff" if excel_bom else "").encode() + text.getvalue().encode()


class CrLf:
    """PostgreSQL ends CSV lines with LF, the csv module with CRLF: change the ends, count rows.

    A line break inside a quoted field is data and stays as it is. Each quote flips whether
    we are inside a field (an escaped "" flips twice), across blocks too.
    """

    def __init__(self):
        self.inside = False
        self.rows = 0

    def __call__(self, block: bytes) -> bytes:
        if not self.inside and b'"' not in block:
            self.rows += block.count(b"\n")
            return block.replace(b"\n", b"\r\n")
        parts = block.split(b'"')
        for n, part in enumerate(parts):
            if n:
                self.inside = not self.inside
            if not self.inside:
                self.rows += part.count(b"\n")
                parts[n] = part.replace(b"\n", b"\r\n")
        return b'"'.join(parts)
