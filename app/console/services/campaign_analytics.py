"""One campaign's analytics page as plain data: funnel, sharing, series, breakdowns, CSV tables."""

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext

from app import analytics
from app.analytics import steps as analytics_steps
from app.campaigns import get_kind
from app.console.services import analytics_words

# Ranges of up to this many days may be read hour by hour; longer ones would draw too many
# points to read and ask for too many buckets.
HOUR_GRAIN_MAX_DAYS = 3
# About what a bar chart's label column shows (app/console/charts.py BAR_LABEL) before clipping.
CHART_LABEL_CHARS = 36
# The console's chart styles tell four lines apart (console.css .series-1 to .series-4).
LINES_PER_CHART = 4
GRAINS = ("hour", "day", "week")
# The page's breakdowns: (table name, figures dimension).
BREAKDOWNS = (
    ("sources", "source"),
    ("embedding_sites", "embed_origin"),
    ("devices", "device"),
    ("browsers", "browser"),
    ("languages", "language"),
)
SHARING_STEPS = (
    analytics_steps.SHARED,
    analytics_steps.SHARE_VISIT,
    analytics_steps.JOINED_FROM_SHARE,
)


@dataclass
class Table:
    """A table as the page shows it and its CSV carries it: headings and rows of cells."""

    name: str
    title: str
    headers: list[str]
    rows: list[tuple]
    # Chart data beside the table: (label, value) rows for a bar chart.
    bars: list[tuple[str, float]] = field(default_factory=list)


@dataclass
class CampaignFigures:
    funnel: Table
    completed_without_opt_in: int | None
    sharing: Table
    series: Table
    # (step label, visitors per bucket) for the line chart, and the buckets' labels.
    lines: list[tuple[str, list[float]]]
    x_labels: list[str]
    grain: str
    grains: list[str]
    breakdowns: list[Table]
    excluded: Table
    has_data: bool

    def tables(self) -> dict[str, Table]:
        found = [self.funnel, self.sharing, self.series, *self.breakdowns, self.excluded]
        return {table.name: table for table in found}


def step_label(step: str) -> str:
    """A step as staff read it, in the words every analytics page shares."""
    return analytics_words.step_label(step)


def grain_labels() -> dict[str, str]:
    return {"hour": _("By hour"), "day": _("By day"), "week": _("By week")}


def line_groups(lines: list, most: int = LINES_PER_CHART) -> list[list]:
    """The steps' lines in as few charts as hold them, of near-equal size, in funnel order."""
    if not lines:
        return [[]]
    charts = -(-len(lines) // most)
    size = -(-len(lines) // charts)
    return [lines[n : n + size] for n in range(0, len(lines), size)]


def allowed_grains(days: int) -> list[str]:
    return [grain for grain in GRAINS if grain != "hour" or days <= HOUR_GRAIN_MAX_DAYS]


def pick_grain(requested: str | None, days: int) -> str:
    """The grain asked for if the range allows it, else hours for short ranges, days up to
    three months, weeks beyond."""
    allowed = allowed_grains(days)
    if requested in allowed:
        return requested
    if days <= HOUR_GRAIN_MAX_DAYS:
        return "hour"
    return "day" if days <= 92 else "week"


def short(label: str, room: int = CHART_LABEL_CHARS) -> str:
    """A bar's label cut to what the chart's label column holds; the table keeps it whole."""
    return label if len(label) <= room else label[: room - 1].rstrip() + "…"


def drop_off_percent(previous: int, current: int) -> float | None:
    """The share of the previous step's visitors who did not reach this one, in %."""
    if previous <= 0:
        return None
    return round(max(previous - current, 0) * 100 / previous, 1)


def change_percent(now: int, before: int) -> float | None:
    """The change from the previous period, in %; None when there was nothing before."""
    if before <= 0:
        return None
    return round((now - before) * 100 / before, 1)


def _bucket_label(at: datetime, grain: str) -> str:
    return at.strftime("%Y-%m-%d %H:00" if grain == "hour" else "%Y-%m-%d")


def _value_label(dimension: str, value: str) -> str:
    # The figures name a visit without utm_source by its share code or referrer, else "direct".
    if dimension == "source" and value in ("direct", "share"):
        return _("Direct") if value == "direct" else _("Share links")
    if value:
        if dimension == "device":
            return str(DEVICE_LABELS.get(value, value))
        return value
    if dimension == "embed_origin":
        return _("Not embedded (the hosted page)")
    return analytics_words.value_label(value)


DEVICE_LABELS = {
    "mobile": lazy_gettext("Phone"),
    "tablet": lazy_gettext("Tablet"),
    "desktop": lazy_gettext("Computer"),
    "other": lazy_gettext("Other"),
}


def funnel_table(campaign, found, before) -> Table:
    """Visitors per step, drop-off from the step before, and the previous period's visitors."""
    previous_visitors = {s.step: s.visitors for s in before.steps}
    rows, previous = [], None
    for step in found.steps:
        drop = None if previous is None else drop_off_percent(previous, step.visitors)
        was = previous_visitors.get(step.step, 0)
        rows.append(
            (
                step_label(step.step),
                step.visitors,
                step.events,
                "" if drop is None else drop,
                was,
                _signed(change_percent(step.visitors, was)),
            )
        )
        previous = step.visitors
    headers = [
        _("Step"),
        _("Visitors"),
        _("Times"),
        _("Drop-off from the step before (%)"),
        _("Visitors, previous period"),
        _("Change (%)"),
    ]
    bars = [(short(row[0]), row[1]) for row in rows]
    return Table("funnel", _("Funnel"), headers, rows, bars)


def _signed(value: float | None) -> str:
    return "" if value is None else f"{value:+.1f}"


def sharing_table(found, before) -> Table:
    rows = [
        (
            step_label(step),
            found.sharing.get(step, 0),
            before.sharing.get(step, 0),
            _signed(change_percent(found.sharing.get(step, 0), before.sharing.get(step, 0))),
        )
        for step in SHARING_STEPS
    ]
    headers = [_("Step"), _("Visitors"), _("Visitors, previous period"), _("Change (%)")]
    return Table("sharing", _("Sharing"), headers, rows, [(short(r[0]), r[1]) for r in rows])


def series_table(brand, campaign, start, end, grain, order) -> tuple[Table, list, list]:
    found = analytics.series(brand, start, end, grain, campaign=campaign, only=order)
    x_labels = [_bucket_label(bucket, grain) for bucket in found.buckets]
    empty = [0] * len(found.buckets)
    lines = [(step_label(step), found.visitors.get(step, empty)) for step in order]
    rows = [(label, *(values[n] for _label, values in lines)) for n, label in enumerate(x_labels)]
    heading = {"hour": _("Hour"), "day": _("Day"), "week": _("Week of")}[grain]
    title = _("Visitors per step over time")
    table = Table("over_time", title, [heading, *(name for name, _v in lines)], rows)
    return table, lines, x_labels


def breakdown_tables(brand, campaign, start, end) -> list[Table]:
    titles = {
        "sources": (_("Sources"), _("Source")),
        "embedding_sites": (_("Embedding sites"), _("Site")),
        "devices": (_("Devices"), _("Device")),
        "browsers": (_("Browsers"), _("Browser")),
        "languages": (_("Languages"), _("Language")),
    }
    tables = []
    for name, dimension in BREAKDOWNS:
        found = analytics.breakdown(brand, start, end, dimension, campaign=campaign)
        rows = [(_value_label(dimension, value), v, e) for value, v, e in found.rows]
        title, heading = titles[name]
        headers = [heading, _("Visitors"), _("Times")]
        tables.append(Table(name, title, headers, rows, [(short(r[0]), r[1]) for r in rows]))
    return tables


def excluded_table(excluded: dict[str, int]) -> Table:
    rows = []
    for reason, count in sorted(excluded.items()):
        label = analytics_words.excluded_label(reason)
        if count:
            rows.append((label[:1].upper() + label[1:], count))
    return Table("excluded", _("Not counted"), [_("Who"), _("Times")], rows)


def campaign_figures(campaign, brand, span, grain: str | None) -> CampaignFigures:
    """Every figure of the page for the range `span` (app/console/services/date_range.py)."""
    start, end = span.start, span.end
    found = analytics.funnel(campaign, start, end)
    before = analytics.funnel(campaign, span.previous_start, span.previous_end)
    order = [step.step for step in found.steps]
    chosen = pick_grain(grain, span.days)
    series, lines, x_labels = series_table(brand, campaign, start, end, chosen, order)
    completed = found.completed_without_opt_in if "completed" in order else None
    breakdowns = breakdown_tables(brand, campaign, start, end)
    has_data = any(step.events for step in found.steps) or any(found.sharing.values())
    return CampaignFigures(
        funnel=funnel_table(campaign, found, before),
        completed_without_opt_in=completed,
        sharing=sharing_table(found, before),
        series=series,
        lines=lines,
        x_labels=x_labels,
        grain=chosen,
        grains=allowed_grains(span.days),
        breakdowns=breakdowns,
        excluded=excluded_table(found.excluded),
        has_data=has_data,
    )


def kind_panel(campaign):
    """The kind's own section (template, context), or None (CampaignKind.analytics_panel)."""
    try:
        kind = get_kind(campaign.kind)
    except ValueError:
        return None
    return kind.analytics_panel(campaign)


def kind_tables(panel) -> dict[str, Table]:
    """The tables a kind's panel offers as CSV: its context's "tables" of (title, headers, rows)."""
    if panel is None:
        return {}
    _template, context = panel
    return {
        f"kind_{name}": Table(f"kind_{name}", str(title), [str(h) for h in headers], list(rows))
        for name, (title, headers, rows) in (context.get("tables") or {}).items()
    }
