"""The brand's leaderboards as staff read them: rank, display name, value."""

from dataclasses import dataclass

from sqlalchemy import select

from app import clock
from app.engagement import boards, leaderboards
from app.engagement.scoring import decayed
from app.extensions import db
from app.models import Brand, FanProfile, User

BOARDS = {
    "all": "All time (points)",
    "month": "This month (points)",
    "week": "This week (points)",
    "score": "Engagement score (decays over time)",
}
LIMIT = 100


@dataclass(frozen=True)
class Row:
    rank: int
    name: str
    value: float


def board_for(brand: Brand, key: str) -> boards.Board:
    now = clock.now()
    return {
        "all": lambda: boards.all_time(brand),
        "month": lambda: boards.month(brand, now),
        "week": lambda: boards.week(brand, now),
        "score": lambda: boards.engagement(brand),
    }[key]()


def standings(brand: Brand, key: str) -> list[Row]:
    """The top of one board, with each fan's display name (never their email)."""
    top = leaderboards.top(board_for(brand, key), LIMIT)
    ids = [standing.fan_id for standing in top]
    rows = db.session.execute(
        select(FanProfile.id, User.display_name)
        .join(User, User.id == FanProfile.user_id)
        .where(FanProfile.brand_id == brand.id, FanProfile.id.in_(ids))
    )
    names = {fan_id: name for fan_id, name in rows}
    now = clock.now()

    def value(raw: float) -> float:
        return round(decayed(raw, brand, now), 1) if key == "score" else round(raw)

    return [
        Row(s.rank, names.get(s.fan_id) or "(no name)", value(s.value))
        for s in top
        if s.fan_id in names
    ]
