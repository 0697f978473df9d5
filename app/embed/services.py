"""What a fan page shows: live campaigns, the fan's points, rank, streak, badges, the board."""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import or_, select

from app import clock
from app.engagement import boards, leaderboards
from app.engagement.scoring import local_day
from app.extensions import db
from app.models import Brand, Campaign, FanProfile


def is_live(campaign: Campaign, now=None) -> bool:
    now = now or clock.now()
    return (
        campaign.status == "live"
        and (campaign.starts_at is None or campaign.starts_at <= now)
        and (campaign.ends_at is None or campaign.ends_at > now)
    )


def live_campaigns(brand: Brand) -> list[Campaign]:
    now = clock.now()
    return list(
        db.session.scalars(
            select(Campaign)
            .where(Campaign.brand_id == brand.id, Campaign.status == "live")
            .where(or_(Campaign.starts_at.is_(None), Campaign.starts_at <= now))
            .where(or_(Campaign.ends_at.is_(None), Campaign.ends_at > now))
            .order_by(Campaign.starts_at.desc().nulls_last(), Campaign.id.desc())
        )
    )


def find_campaign(brand: Brand, slug: str) -> Campaign | None:
    return db.session.scalar(
        select(Campaign).where(Campaign.brand_id == brand.id, Campaign.slug == slug.lower())
    )


def current_streak(brand: Brand, fan: FanProfile) -> int:
    """Consecutive active days, still alive today or yesterday in the brand's time zone."""
    if fan.last_active_day is None:
        return 0
    today = local_day(clock.now(), brand)
    return fan.streak_days if fan.last_active_day >= today - timedelta(days=1) else 0


# The home's leaderboard: the top of the all-time board, and the fan's neighbours below it.
BOARD_TOP = 10
BOARD_RADIUS = 2
# No fan has this id: a newcomer's page() is the top alone, in the same single read.
NOBODY = 0


@dataclass(frozen=True)
class HomeBoard:
    """What the home's leaderboard shows; `near` is empty when the fan is in the top."""

    top: list[leaderboards.Named]
    mine: leaderboards.Named | None
    near: list[leaderboards.Named]

    @property
    def gap(self) -> bool:
        """Whether ranks are skipped between the top and the fan's neighbourhood."""
        return bool(self.near) and self.near[0].rank > len(self.top) + 1


def home_board(brand: Brand, fan: FanProfile | None) -> HomeBoard:
    """The all-time top and, for a fan below it, their neighbours (read once, named)."""
    shown = leaderboards.page(
        boards.all_time(brand), fan.id if fan is not None else NOBODY, BOARD_TOP, BOARD_RADIUS
    )
    below_top = shown.mine is not None and shown.mine.rank > len(shown.top)
    # Neighbours already in the top are shown there, not twice.
    near = [s for s in shown.around if s.rank > len(shown.top)] if below_top else []
    return HomeBoard(shown.top, shown.mine, near)


def fan_summary(brand: Brand, fan: FanProfile | None) -> dict:
    """Points, all-time rank, streak, badges and the board (`home_board`); zeros for a newcomer."""
    board = home_board(brand, fan)
    if fan is None:
        return {"points": 0, "rank": None, "streak": 0, "badges": 0, "board": board}
    return {
        "points": fan.points,
        "rank": board.mine.rank if board.mine is not None else None,
        "streak": current_streak(brand, fan),
        "badges": fan.badges_count,
        "board": board,
    }
