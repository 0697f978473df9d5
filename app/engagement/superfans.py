"""The super fans: who may be exported, in which order, and their rows as Python reads them."""

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import exists, select

from app import clock
from app.engagement.scoring import growth
from app.engagement.superfan_columns import RANK_ORDER, neutralise, python_reads, row_maker
from app.extensions import db
from app.models import Brand, FanProfile, Membership, Suppression, User

STREAM_ROWS = 5_000


def exportable_fans(brand: Brand, *, top: int | None = None, since: datetime | None = None):
    """Fans with marketing consent, minus suppressed, staff and flagged ones, best first."""
    return ranked(brand, python_reads(), top=top, since=since)


def ranked(brand: Brand, columns, *, top: int | None = None, since: datetime | None = None):
    """SELECT `columns` of the brand's exportable fans, in rank order."""
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


def score_divisor(brand: Brand, now: datetime | None = None) -> float:
    """What the score's base is divided by to decay it to `now` (see scoring.py)."""
    return growth(now or clock.now(), brand.score_epoch, brand.half_life_days)


def superfan_rows(
    brand: Brand, *, top=None, since=None, now=None, for_csv: bool = True
) -> Iterator[tuple]:
    """Stream the export's rows in rank order; memory stays flat.

    for_csv neutralises text that a spreadsheet would run as a formula; an XLSX needs no
    such prefix, its string cells are never evaluated (see superfan_xlsx).
    """
    make_row = row_maker(score_divisor(brand, now), neutralise if for_csv else _as_is)
    # Core, not the ORM: these are plain columns, and a million of them add up.
    result = db.session.connection().execute(
        exportable_fans(brand, top=top, since=since).execution_options(yield_per=STREAM_ROWS)
    )
    for rank, row in enumerate(result, start=1):
        yield make_row(row, rank)


def _as_is(cell):
    return cell


class Counted:
    """Pass rows through to a writer, counting them."""

    def __init__(self, rows):
        self.rows = rows
        self.count = 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row
