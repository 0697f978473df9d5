"""The brand's leaderboards as staff read them: rank, display name, value; a page at a time."""

from dataclasses import dataclass

from flask_babel import gettext, lazy_gettext
from sqlalchemy import select

from app import clock
from app.console.paging import contains_pattern
from app.engagement import boards, leaderboards
from app.engagement.scoring import decayed
from app.extensions import db
from app.models import Brand, FanProfile, User

BOARDS = {
    "all": lazy_gettext("All time (points)"),
    "month": lazy_gettext("This month (points)"),
    "week": lazy_gettext("This week (points)"),
    "score": lazy_gettext("Engagement score (decays over time)"),
}
# A name search lists at most this many fans; a longer list means the search is too vague.
FOUND_LIMIT = 20


@dataclass(frozen=True)
class Row:
    rank: int
    name: str
    value: float
    fan_id: int = 0


def board_for(brand: Brand, key: str) -> boards.Board:
    now = clock.now()
    return {
        "all": lambda: boards.all_time(brand),
        "month": lambda: boards.month(brand, now),
        "week": lambda: boards.week(brand, now),
        "score": lambda: boards.engagement(brand),
    }[key]()


def board_size(brand: Brand, key: str) -> int:
    return leaderboards.size(board_for(brand, key))


def _shown(brand: Brand, key: str, raw: float) -> float:
    return round(decayed(raw, brand, clock.now()), 1) if key == "score" else round(raw)


def standings(brand: Brand, key: str, limit: int = 100, offset: int = 0) -> list[Row]:
    """One stretch of a board, with each fan's display name (never their email)."""
    top = leaderboards.top(board_for(brand, key), limit, offset)
    ids = [standing.fan_id for standing in top]
    rows = db.session.execute(
        select(FanProfile.id, User.display_name)
        .join(User, User.id == FanProfile.user_id)
        .where(FanProfile.brand_id == brand.id, FanProfile.id.in_(ids))
    )
    names = {fan_id: name for fan_id, name in rows}
    return [
        Row(
            s.rank,
            names.get(s.fan_id) or gettext("(no name)"),
            _shown(brand, key, s.value),
            s.fan_id,
        )
        for s in top
        if s.fan_id in names
    ]


def rank_of(brand: Brand, key: str, fan_id: int) -> int | None:
    """The fan's rank on the board, or None when they are not on it (or not this brand's)."""
    standing = leaderboards.standing(board_for(brand, key), fan_id)
    return standing.rank if standing else None


def find_fans(brand: Brand, key: str, text: str) -> list[Row]:
    """Fans of the brand whose display name contains `text`, with their rank (0: not ranked)."""
    matches = db.session.execute(
        select(FanProfile.id, User.display_name)
        .join(User, User.id == FanProfile.user_id)
        .where(
            FanProfile.brand_id == brand.id,
            User.display_name.ilike(contains_pattern(text), escape="\\"),
        )
        .order_by(User.display_name, FanProfile.id)
        .limit(FOUND_LIMIT)
    ).all()
    board = board_for(brand, key)
    found = []
    for fan_id, name in matches:
        standing = leaderboards.standing(board, fan_id)
        value = _shown(brand, key, standing.value) if standing else 0
        found.append(Row(standing.rank if standing else 0, name, value, fan_id))
    return sorted(found, key=lambda row: (row.rank == 0, row.rank, row.name))
