"""The super-fan list: who may be exported, in which order, and the export itself."""

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from itertools import chain
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from sqlalchemy import Text, and_, case, cast, exists, func, literal, select

from app import clock
from app.engagement.scoring import growth
from app.engagement.sql import iso_utc
from app.extensions import db
from app.models import Brand, ExportLog, FanProfile, Membership, Suppression, User
from app.models.people import describe_join_source

COLUMNS = (
    "rank",
    "display_name",
    "email",
    "engagement_score",
    "participation",
    "creation",
    "influence",
    "loyalty",
    "points",
    "badges",
    "campaigns_played",
    "last_active",
    "join_source",
    "consent_date",
)
FORMATS = ("csv", "xlsx")
STREAM_ROWS = 5_000
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# What is handed to the output file at a time when PostgreSQL writes the CSV.
COPY_BLOCK_BYTES = 256 * 1024


class NothingToExport(Exception):
    """No fan of the brand may be exported with these filters."""


RANK_ORDER = (FanProfile.score_base.desc(), FanProfile.id)


def exportable_fans(brand: Brand, *, top: int | None = None, since: datetime | None = None):
    """Fans with marketing consent, minus suppressed, staff and flagged ones, best first."""
    columns = (
        User.display_name,
        User.email,
        FanProfile.score_base,
        FanProfile.participation,
        FanProfile.creation,
        FanProfile.influence,
        FanProfile.loyalty,
        FanProfile.points,
        FanProfile.badges_count,
        FanProfile.campaigns_played,
        iso_utc(FanProfile.last_active_at),
        FanProfile.referred_by_id,
        FanProfile.utm_source,
        FanProfile.utm_medium,
        FanProfile.utm_campaign,
        iso_utc(FanProfile.marketing_consent_at),
    )
    return _exportable(brand, columns, top, since)


def _exportable(brand: Brand, columns, top: int | None, since: datetime | None):
    query = (
        select(*columns)
        .join(User, User.id == FanProfile.user_id)
        .where(
            FanProfile.brand_id == brand.id,
            FanProfile.marketing_consent.is_(True),
            FanProfile.fraud_flagged.is_(False),
            User.email.is_not(None),
            ~exists().where(Suppression.brand_id == brand.id, Suppression.email == User.email),
            ~exists().where(Membership.brand_id == brand.id, Membership.user_id == User.id),
        )
        .order_by(*RANK_ORDER)
    )
    if since is not None:
        query = query.where(FanProfile.last_active_at >= since)
    if top is not None:
        query = query.limit(top)
    return query


def superfan_rows(
    brand: Brand, *, top=None, since=None, now=None, for_csv: bool = True
) -> Iterator[tuple]:
    """Stream the export's rows in rank order; memory stays flat.

    for_csv neutralises text that a spreadsheet would run as a formula; an XLSX needs no
    such prefix, its string cells are never evaluated (see write_xlsx).
    """
    safe = neutralise if for_csv else _as_is
    divisor = growth(now or clock.now(), brand.score_epoch, brand.half_life_days)
    # Core, not the ORM: these are plain columns, and a million of them add up.
    result = db.session.connection().execute(
        exportable_fans(brand, top=top, since=since).execution_options(yield_per=STREAM_ROWS)
    )
    for rank, row in enumerate(result, start=1):
        (
            name,
            email,
            score_base,
            *axes_points_counts,
            last_active,
            ref,
            src,
            med,
            camp,
            consent,
        ) = row
        # Only fan-typed text can start a formula; numbers, dates and our labels cannot,
        # except UTM tags, which arrive in URLs and so go through neutralise too.
        yield (
            rank,
            safe(name),
            safe(email),
            engagement_score(score_base, divisor),
            *axes_points_counts,
            last_active or "",
            safe(describe_join_source(ref, src, med, camp)),
            consent or "",
        )


def engagement_score(score_base: float, divisor: float) -> float:
    """The decayed score to the cent, rounded exactly as PostgreSQL's COPY path rounds it.

    Plain float arithmetic, ties to even, the same in both: round() of a float8 in
    PostgreSQL is rint(), as Python's round().
    """
    return round(score_base / divisor * 100) / 100


def neutralise(cell):
    """Make a text cell inert in spreadsheets; numbers and dates pass unchanged."""
    if isinstance(cell, str) and cell.startswith(FORMULA_TRIGGERS):
        return "'" + cell
    return cell


def _as_is(cell):
    return cell


class _Counted:
    """Pass rows through to a writer, counting them."""

    def __init__(self, rows):
        self.rows = rows
        self.count = 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def write_csv(rows, out: BinaryIO, *, excel_bom: bool = False) -> int:
    """RFC 4180 CSV in UTF-8 (a BOM for Excel if asked) of safe rows; returns how many."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig" if excel_bom else "utf-8", newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    counted = _Counted(rows)
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
) -> int:
    """write_csv(superfan_rows(...)) on PostgreSQL, byte for byte, written by its COPY.

    Rank, score, neutralising and the join source are computed in SQL; PostgreSQL quotes
    fields as Python's csv does (comma, quote, CR, LF), writes NULL as an empty field and
    never gets an empty string here. Only its line ends differ: see _CrLf. Nothing is
    written when no fan qualifies: the header waits for the first row. Returns the rows.
    """
    divisor = growth(now or clock.now(), brand.score_epoch, brand.half_life_days)
    query = _exportable(brand, _csv_columns(divisor), top, since)
    connection = db.session.connection()
    # COPY takes no server-side parameters: psycopg binds them into the text, IN lists too.
    compiled = query.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    ends = _CrLf()
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
    if pending:
        if not started:
            out.write(_header(excel_bom))
        out.write(ends(bytes(pending)))
    return ends.rows


def _header(excel_bom: bool) -> bytes:
    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\r\n").writerow(COLUMNS)
    return ("\ufeff" if excel_bom else "").encode() + text.getvalue().encode()


def _csv_columns(divisor: float):
    """superfan_rows' cells as PostgreSQL text, in COLUMNS order."""

    def text_cell(column):
        # neutralise(), and NULL for "", which the csv module writes as an empty field too.
        formula = func.substr(column, 1, 1).in_(FORMULA_TRIGGERS)
        return func.nullif(case((formula, literal("'") + column), else_=column), "")

    # engagement_score(): float8 printed shortest, as Python's repr, which adds ".0" to whole
    # numbers (both switch to exponents only beyond any reachable score).
    score = func.round(FanProfile.score_base / divisor * 100) / 100
    tags = func.concat_ws(
        "/",
        func.nullif(FanProfile.utm_source, ""),
        func.nullif(FanProfile.utm_medium, ""),
        func.nullif(FanProfile.utm_campaign, ""),
        type_=Text,
    )
    referred = and_(FanProfile.referred_by_id.is_not(None), FanProfile.referred_by_id != 0)
    return (
        func.row_number().over(order_by=RANK_ORDER),
        text_cell(User.display_name),
        text_cell(User.email),
        case((score == func.trunc(score), cast(score, Text) + ".0"), else_=cast(score, Text)),
        FanProfile.participation,
        FanProfile.creation,
        FanProfile.influence,
        FanProfile.loyalty,
        FanProfile.points,
        FanProfile.badges_count,
        FanProfile.campaigns_played,
        iso_utc(FanProfile.last_active_at),
        # describe_join_source(): it starts with r, u or d, so no formula to neutralise.
        case((referred, "referral"), (tags != "", literal("utm:") + tags), else_="direct"),
        iso_utc(FanProfile.marketing_consent_at),
    )


class _CrLf:
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


def write_xlsx(rows, out: BinaryIO) -> int:
    """An XLSX workbook of raw rows written row by row (openpyxl's write-only mode).

    Text goes in as string cells, which a spreadsheet never evaluates: "=1+1" stays those
    four characters, with no apostrophe shown (a CSV has no cell types, so it needs one).
    """
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Super fans")
    sheet.append(COLUMNS)
    counted = _Counted(rows)
    for row in counted:
        sheet.append([_text_cell(sheet, cell) if isinstance(cell, str) else cell for cell in row])
    book.save(out)
    return counted.count


def _text_cell(sheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    # openpyxl reads a leading "=" as a formula; a string cell is never one.
    cell.data_type = "s"
    return cell


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
