"""Which leaderboards exist: a brand's all-time, week, month and score boards, and per campaign."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.engagement.scoring import local_day

SCOPES = ("all", "week", "month", "score", "campaign")


@dataclass(frozen=True)
class Board:
    brand_id: int
    scope: str
    # "2026-W47" for a week, "2026-11" for a month, the campaign id for a campaign.
    period: str = ""

    @property
    def key(self) -> str:
        return f"sf:lb:{self.brand_id}:{self.scope}:{self.period}"


@dataclass(frozen=True)
class Standing:
    fan_id: int
    rank: int
    value: float


def all_time(brand) -> Board:
    return Board(brand.id, "all")


def engagement(brand) -> Board:
    """The super-fan ranking: by decayed engagement score (stored as score_base)."""
    return Board(brand.id, "score")


def week(brand, at: datetime) -> Board:
    year, number, _ = local_day(at, brand).isocalendar()
    return Board(brand.id, "week", f"{year}-W{number:02d}")


def month(brand, at: datetime) -> Board:
    return Board(brand.id, "month", local_day(at, brand).strftime("%Y-%m"))


def campaign(campaign) -> Board:
    return Board(campaign.brand_id, "campaign", str(campaign.id))


def boards_for_event(brand, at: datetime, campaign_id: int | None) -> list[Board]:
    """Every board one event of this brand counts on."""
    boards = [all_time(brand), week(brand, at), month(brand, at), engagement(brand)]
    if campaign_id is not None:
        boards.append(Board(brand.id, "campaign", str(campaign_id)))
    return boards


def period_bounds(board: Board, brand) -> tuple[datetime, datetime]:
    """The UTC instants where a week or month board starts and ends, in the brand's zone."""
    if board.scope == "week":
        first = date.fromisocalendar(int(board.period[:4]), int(board.period[6:]), 1)
        last = first + timedelta(days=7)
    elif board.scope == "month":
        first = date(int(board.period[:4]), int(board.period[5:]), 1)
        last = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    else:
        raise ValueError(f"board {board.scope!r} has no period")
    zone = ZoneInfo(brand.timezone)

    def midnight(day: date) -> datetime:
        return datetime.combine(day, time(), zone).astimezone(UTC)

    return midnight(first), midnight(last)
