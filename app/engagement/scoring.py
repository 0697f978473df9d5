"""Time-decayed engagement score without rewriting every fan.

A fan's stored score_base is the sum of points * 2**((t - epoch) / half_life) over their
events. Dividing by 2**((now - epoch) / half_life) gives the decayed score now; since that
divisor is the same for every fan of a brand, ordering by score_base is ordering by score.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

SECONDS_PER_DAY = 86400.0


def growth(at: datetime, epoch: datetime, half_life_days: float) -> float:
    return 2.0 ** ((at - epoch).total_seconds() / (half_life_days * SECONDS_PER_DAY))


def weighted(points: int, at: datetime, brand) -> float:
    """What one event adds to score_base."""
    return points * growth(at, brand.score_epoch, brand.half_life_days)


def decayed(score_base: float, brand, now: datetime) -> float:
    """The engagement score a fan has now."""
    return score_base / growth(now, brand.score_epoch, brand.half_life_days)


def local_day(at: datetime, brand):
    """The calendar day of an instant in the brand's time zone."""
    return at.astimezone(ZoneInfo(brand.timezone)).date()
