"""The super-fan list: who may be exported, in which order, and the export itself."""

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from itertools import chain
from typing import BinaryIO

from openpyxl import Workbook
from sqlalchemy import exists, select

from app.engagement.scoring import growth
from app.engagement.sql import iso_utc
from app.extensions import db
from app.models import Brand, ExportLog, FanProfile, Membership, Suppression, User, utcnow
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


class NothingToExport(Exception):
    """No fan of the brand may be exported with these filters."""


def exportable_fans(brand: Brand, *, top: int | None = None, since: datetime | None = None):
    """Fans with marketing consent, minus suppressed, staff and flagged ones, best first."""
    query = (
        select(
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
        .join(User, User.id == FanProfile.user_id)
        .where(
            FanProfile.brand_id == brand.id,
            FanProfile.marketing_consent.is_(True),
            FanProfile.fraud_flagged.is_(False),
            User.email.is_not(None),
            ~exists().where(Suppression.brand_id == brand.id, Suppression.email == User.email),
            ~exists().where(Membership.brand_id == brand.id, Membership.user_id == User.id),
        )
        .order_by(FanProfile.score_base.desc(), FanProfile.id)
    )
    if since is not None:
        query = query.where(FanProfile.last_active_at >= since)
    if top is not None:
        query = query.limit(top)
    return query


def superfan_rows(brand: Brand, *, top=None, since=None, now=None) -> Iterator[tuple]:
    """Stream the export's rows in rank order, spreadsheet-safe; memory stays flat."""
    divisor = growth(now or utcnow(), brand.score_epoch, brand.half_life_days)
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
            neutralise(name),
            neutralise(email),
            round(score_base / divisor, 2),
            *axes_points_counts,
            last_active or "",
            neutralise(describe_join_source(ref, src, med, camp)),
            consent or "",
        )


def neutralise(cell):
    """Make a text cell inert in spreadsheets; numbers and dates pass unchanged."""
    if isinstance(cell, str) and cell.startswith(FORMULA_TRIGGERS):
        return "'" + cell
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


def write_xlsx(rows, out: BinaryIO) -> int:
    """An XLSX workbook written row by row (openpyxl's write-only mode)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Super fans")
    sheet.append(COLUMNS)
    counted = _Counted(rows)
    for row in counted:
        sheet.append(row)
    book.save(out)
    return counted.count


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
    rows = superfan_rows(brand, top=top, since=since)
    first = next(rows, None)
    if first is None:
        raise NothingToExport(
            f"No fan of {brand.name} can be exported"
            + (f" (active since {since:%Y-%m-%d})" if since else "")
            + ": none has given marketing consent, or all are suppressed, staff or flagged."
        )
    rows = chain([first], rows)
    count = write_xlsx(rows, out) if fmt == "xlsx" else write_csv(rows, out, excel_bom=excel_bom)
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
