"""The brand's analytics overview as staff read it: headline figures against the previous
period, top campaigns, visitors and plays over time, the score bands, the four axes per
week, cohorts; each table as rows of plain values, so the page and its CSV say the same."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import case, func, select

from app import analytics
from app.analytics import steps
from app.analytics.cohorts import week_expression, week_start
from app.analytics.figures import bucket_of
from app.analytics.overview import active_fan_ids, counted_fans
from app.console.services.analytics_words import AXIS_LABELS, excluded_label
from app.console.services.date_range import DateRange
from app.engagement.scoring import growth
from app.extensions import db
from app.models import AXES, EngagementEvent, FanProfile

# Beyond this many days a point per day is too fine to read: a point per week.
DAILY_UP_TO = 90
COHORT_WEEKS = 8


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: float
    # The same figure over the previous period (None: no comparison makes sense).
    previous: float | None = None
    unit: str = ""  # "%": a rate from 0 to 1

    @property
    def change(self) -> float | None:
        """Relative change for counts; for rates, the difference in points (0.02 = 2 points)."""
        if self.previous is None:
            return None
        if self.unit == "%":
            return self.value - self.previous
        if not self.previous:
            return None
        return (self.value - self.previous) / self.previous


@dataclass
class Table:
    """One table of the page and its CSV: headers, and rows of numbers, dates and texts."""

    name: str
    title: str
    headers: list[str]
    rows: list[list]
    # Per column: "text", "number" or "percent" (rates from 0 to 1), for the page's formatting.
    kinds: list[str]
    links: list[str | None] = field(default_factory=list)
    # Per row, a kind that overrides the columns' for its numbers (the headline's rate).
    row_kinds: list[str | None] = field(default_factory=list)


@dataclass
class Page:
    span: DateRange
    figures: list[Figure]
    tables: dict[str, Table]
    grain: str
    excluded: dict[str, int]
    threshold: int
    has_data: bool


def _active_between(brand, start: datetime, end: datetime) -> int:
    """Counted fans with an engagement event in [start, end)."""
    where = counted_fans(brand.id) & FanProfile.id.in_(active_fan_ids(brand.id, start, end))
    return db.session.scalar(select(func.count()).select_from(FanProfile).where(where)) or 0


def score_edges(threshold: int) -> list[float]:
    """Lower bounds of the score bands: a quarter, half, the threshold, twice it."""
    top = threshold or 100
    return [0, top / 4, top / 2, top, top * 2]


def score_bands(brand, now: datetime) -> list[tuple[str, int]]:
    """Counted fans per engagement-score band, in one grouped query over fan_profile.

    The score is score_base / growth(now) (scoring.py), so each band's lower bound is
    compared with score_base times that one divisor: the index order, no per-row maths.
    """
    edges = score_edges(brand.superfan_score)
    divisor = growth(now, brand.score_epoch, brand.half_life_days)
    band = case(
        *(
            (FanProfile.score_base >= edge * divisor, n)
            for n, edge in reversed(list(enumerate(edges)))
        ),
        else_=0,
    ).label("band")
    found = dict(
        db.session.execute(
            select(band, func.count()).where(counted_fans(brand.id)).group_by(band)
        ).all()
    )
    # Short labels ("25-50" with an en dash, "200+"), so they stay readable beside a bar on a phone.
    labels = [
        f"{format_decimal(low)}\u2013{format_decimal(edges[n + 1])}"
        if n + 1 < len(edges)
        else f"{format_decimal(low)}+"
        for n, low in enumerate(edges)
    ]
    return [(labels[n], int(found.get(n, 0))) for n in range(len(edges))]


def superfans(brand, now: datetime) -> int:
    divisor = growth(now, brand.score_epoch, brand.half_life_days)
    where = counted_fans(brand.id) & (FanProfile.score_base >= brand.superfan_score * divisor)
    return db.session.scalar(select(func.count()).select_from(FanProfile).where(where)) or 0


def axes_by_week(brand, span: DateRange) -> list[tuple[datetime, dict[str, int]]]:
    """Points per axis per week (Monday, UTC) of counted fans' events in the range: one
    grouped query over the engagement log's (brand, created_at) index."""
    dialect = db.session.get_bind().dialect.name
    week = week_expression(EngagementEvent.created_at, dialect).label("week")
    rows = db.session.execute(
        select(week, EngagementEvent.axis, func.sum(EngagementEvent.points))
        .join(FanProfile, FanProfile.id == EngagementEvent.fan_id)
        .where(
            EngagementEvent.brand_id == brand.id,
            EngagementEvent.created_at >= span.start,
            EngagementEvent.created_at < span.end,
            counted_fans(brand.id),
        )
        .group_by(week, EngagementEvent.axis)
    ).all()
    weeks: dict[datetime, dict[str, int]] = {}
    at = week_start(span.start)
    while at < span.end:
        weeks[at.date()] = dict.fromkeys(AXES, 0)
        at += timedelta(weeks=1)
    for value, axis, points in rows:
        day = datetime.fromisoformat(value).date() if isinstance(value, str) else value.date()
        if day in weeks and axis in weeks[day]:
            weeks[day][axis] += int(points or 0)
    return list(weeks.items())


def traffic(brand, span: DateRange) -> tuple[str, list[str], list[int], list[int], dict]:
    """Visitors and plays per day (per week beyond DAILY_UP_TO days), in the brand's zone.

    A day's plays are, per campaign, the visitors of its widest playing step (as the
    overview counts plays), added up over campaigns."""
    grain = "day" if span.days <= DAILY_UP_TO else "week"
    zone = ZoneInfo(brand.timezone or "UTC")
    found = analytics.totals(brand.id, span.start, span.end, ("hour", "campaign_id", "step"))
    buckets: dict = {}
    at = span.start
    while at < span.end:
        buckets.setdefault(bucket_of(at, grain, zone), None)
        at += timedelta(hours=1)
    index = {bucket: n for n, bucket in enumerate(buckets)}
    visitors = [0] * len(index)
    widest: dict[tuple, int] = {}
    for (hour, campaign_id, step), counts in found.rows.items():
        n = index.get(bucket_of(hour, grain, zone))
        if n is None:
            continue
        visitors[n] += counts["day_visitors"]
        if campaign_id is not None and step not in steps.NOT_PLAYING:
            key = (n, campaign_id, step)
            widest[key] = widest.get(key, 0) + counts["visitors"]
    best: dict[tuple, int] = {}
    for (n, campaign_id, _step), count in widest.items():
        best[(n, campaign_id)] = max(best.get((n, campaign_id), 0), count)
    plays = [0] * len(index)
    for (n, _campaign_id), count in best.items():
        plays[n] += count
    labels = [bucket.date().isoformat() for bucket in buckets]
    return grain, labels, visitors, plays, dict(found.excluded)


def headline(brand, span: DateRange, now: datetime) -> tuple[list[Figure], object]:
    current = analytics.overview(brand, span.start, span.end)
    before = analytics.overview(brand, span.previous_start, span.previous_end)
    day, week, month = timedelta(days=1), timedelta(days=7), timedelta(days=30)
    figures = [
        Figure("visitors", _("Visitors"), current.visitors, before.visitors),
        Figure("plays", _("Plays"), current.plays, before.plays),
        Figure("new_fans", _("New fans"), current.new_fans, before.new_fans),
        Figure(
            "returning_fans", _("Returning fans"), current.returning_fans, before.returning_fans
        ),
        # Activity "now" is compared with the same length just before it.
        Figure(
            "active_today",
            _("Fans active in the last 24 hours"),
            current.active_today,
            _active_between(brand, now - 2 * day, now - day),
        ),
        Figure(
            "active_week",
            _("Fans active in the last 7 days"),
            current.active_week,
            _active_between(brand, now - 2 * week, now - week),
        ),
        Figure(
            "active_month",
            _("Fans active in the last 30 days"),
            current.active_month,
            _active_between(brand, now - 2 * month, now - month),
        ),
        # A score is only known now (it decays): no earlier figure to compare with.
        Figure("superfans", _("Super fans now"), superfans(brand, now)),
        Figure(
            "opt_in_rate",
            _("Marketing opt-in rate of active fans"),
            current.opt_in_rate,
            before.opt_in_rate,
            unit="%",
        ),
    ]
    return figures, current


def build(brand, span: DateRange, now: datetime, campaign_url) -> Page:
    """Every figure and table of the page; `campaign_url(id)` links a top campaign."""
    figures, current = headline(brand, span, now)
    grain, labels, visitors, plays, excluded = traffic(brand, span)
    tables: dict[str, Table] = {}
    tables["figures"] = Table(
        "figures",
        _("Headline figures"),
        [_("Figure"), _("This period"), _("Previous period")],
        [[f.label, f.value, f.previous if f.previous is not None else ""] for f in figures],
        ["text", "number", "number"],
        row_kinds=["percent" if f.unit == "%" else None for f in figures],
    )
    tables["top_campaigns"] = Table(
        "top_campaigns",
        _("Top campaigns"),
        [_("Campaign"), _("Visitors"), _("Plays")],
        [[c.title, c.viewed, c.plays] for c in current.top_campaigns],
        ["text", "number", "number"],
        [campaign_url(c.campaign_id) for c in current.top_campaigns],
    )
    tables["traffic"] = Table(
        "traffic",
        _("Visitors and plays per day") if grain == "day" else _("Visitors and plays per week"),
        [_("Day") if grain == "day" else _("Week of"), _("Visitors"), _("Plays")],
        [[label, v, p] for label, v, p in zip(labels, visitors, plays, strict=True)],
        ["text", "number", "number"],
    )
    tables["scores"] = Table(
        "scores",
        _("Fans by engagement score"),
        [_("Engagement score"), _("Fans")],
        [[label, count] for label, count in score_bands(brand, now)],
        ["text", "number"],
    )
    tables["axes"] = Table(
        "axes",
        _("Points per axis per week"),
        [_("Week of"), *(str(AXIS_LABELS[a]) for a in AXES)],
        [
            [week.isoformat(), *(points[a] for a in AXES)]
            for week, points in axes_by_week(brand, span)
        ],
        ["text", *("number" for _a in AXES)],
    )
    tables["cohorts"] = cohort_table(brand, now)
    return Page(
        span,
        figures,
        tables,
        grain,
        excluded,
        brand.superfan_score,
        has_data=bool(current.visitors or current.plays or current.active_fans),
    )


def cohort_table(brand, now: datetime) -> Table:
    """Fans by join week (Monday, UTC) against the weeks after: counts, then shares."""
    found = analytics.cohorts(brand, now, weeks=COHORT_WEEKS)
    headers = [_("Joined in the week of"), _("Fans")]
    headers += [_("Week %(number)d", number=n) for n in range(COHORT_WEEKS)]
    headers += [_("Week %(number)d (%%)", number=n) for n in range(COHORT_WEEKS)]
    rows = []
    for cohort in found:
        counts = cohort.active + [""] * (COHORT_WEEKS - len(cohort.active))
        shares = [round(n / cohort.fans, 4) if cohort.fans else 0.0 for n in cohort.active] + [
            ""
        ] * (COHORT_WEEKS - len(cohort.active))
        rows.append([cohort.week.date().isoformat(), cohort.fans, *counts, *shares])
    kinds = ["text", "number", *["number"] * COHORT_WEEKS, *["percent"] * COHORT_WEEKS]
    return Table("cohorts", _("Cohorts: fans by the week they joined"), headers, rows, kinds)


def excluded_note(excluded: dict[str, int]) -> list[tuple[str, int]]:
    """(reason in words, events held out), for the page's note."""
    return [(excluded_label(reason), count) for reason, count in sorted(excluded.items()) if count]
