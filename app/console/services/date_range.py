"""The date range of an analytics page: ?from=&to= days in the brand's zone, presets, the
previous period of the same length; bad input refused with a Problem beside its field."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from app.campaigns.refusals import Problem, Refused

PRESETS = (7, 30, 90)
DEFAULT_DAYS = 30
# Longer ranges are a different question (and a heavier read): at most about a year.
MAX_DAYS = 366


@dataclass(frozen=True)
class DateRange:
    # [start, end) in UTC, on hour boundaries; the previous period is as long, just before.
    start: datetime
    end: datetime
    previous_start: datetime
    previous_end: datetime
    # The days as the member chose them, in the brand's time zone, both included.
    from_day: date
    to_day: date
    days: int
    # The preset (7, 30, 90) this range is, if it ends today; else None.
    preset: int | None = None

    def args(self) -> dict[str, str]:
        """The query arguments that give this range again (for links and CSV downloads)."""
        return {"from": self.from_day.isoformat(), "to": self.to_day.isoformat()}


def _utc_hour(day: date, zone: ZoneInfo) -> datetime:
    """Midnight of the day in the zone, in UTC, down to the hour (zones off by 30 minutes)."""
    moment = datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(UTC)
    return moment.replace(minute=0, second=0, microsecond=0)


def days_range(from_day: date, to_day: date, brand, today: date) -> DateRange:
    zone = ZoneInfo(brand.timezone or "UTC")
    start = _utc_hour(from_day, zone)
    end = _utc_hour(to_day + timedelta(days=1), zone)
    days = (to_day - from_day).days + 1
    preset = days if to_day == today and days in PRESETS else None
    return DateRange(start, end, start - (end - start), start, from_day, to_day, days, preset)


def today_of(brand, now: datetime) -> date:
    return now.astimezone(ZoneInfo(brand.timezone or "UTC")).date()


def last_days(brand, now: datetime, days: int = DEFAULT_DAYS) -> DateRange:
    """The last `days` days, today included."""
    today = today_of(brand, now)
    return days_range(today - timedelta(days=days - 1), today, brand, today)


def _day(args, field: str) -> date | None:
    raw = (args.get(field) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise Refused(
            Problem(_("Write the date as YYYY-MM-DD, like 2026-03-31."), field=field)
        ) from None


def read_range(args, brand, now: datetime) -> DateRange:
    """The range the query asks for (?days=7|30|90 or ?from=&to=), else the last 30 days.

    Raises Refused with a Problem for the field ("from" or "to") that is wrong.
    """
    today = today_of(brand, now)
    preset = args.get("days", "")
    if preset.isdigit() and int(preset) in PRESETS and not args.get("from"):
        return last_days(brand, now, int(preset))
    from_day, to_day = _day(args, "from"), _day(args, "to")
    if from_day is None and to_day is None:
        return last_days(brand, now)
    to_day = to_day or today
    from_day = from_day or to_day - timedelta(days=DEFAULT_DAYS - 1)
    if to_day > today:
        raise Refused(Problem(_("The range cannot end after today."), field="to"))
    if from_day > to_day:
        raise Refused(Problem(_("The start must be on or before the end."), field="from"))
    if (to_day - from_day).days + 1 > MAX_DAYS:
        raise Refused(Problem(_("Choose at most %(days)d days.", days=MAX_DAYS), field="from"))
    return days_range(from_day, to_day, brand, today)


def read_range_or_default(args, brand, now: datetime) -> tuple[DateRange, dict[str, str]]:
    """The range asked for, or the default one with the problems to show beside their fields."""
    try:
        return read_range(args, brand, now), {}
    except Refused as refusal:
        problems = {problem.field: problem.message for problem in refusal.problems}
        return last_days(brand, now), problems
