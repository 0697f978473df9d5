"""Server-side SVG charts for console pages: a line chart and a bar chart, numbers as text too."""

from itertools import count

from babel.numbers import format_percent
from flask_babel import format_decimal, get_locale
from markupsafe import Markup, escape

# A small drawing space: on a phone the SVG is drawn near its own size, so its text stays
# readable; CSS scales it to the width of its column (viewBox + width 100%).
WIDTH, HEIGHT = 360, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 28
# A bar row: its label on a line of its own, the bar below it, so no label is cut on a phone.
BAR_ROW, BAR_LABEL, BAR_VALUE = 36, 14, 60
# Each chart's ids are unique within the page: aria-labelledby must point at its own title.
_ids = count(1)


def number(value: float, unit: str = "") -> str:
    """A figure as the member reads it: "%" takes rates from 0 to 1, other units follow."""
    if unit == "%":
        # The locale's own pattern ("12,5 %" in French), to one decimal of a percent at most:
        # flask_babel's format_percent takes no decimal_quantization, so babel's is called.
        return format_percent(round(value, 3), locale=get_locale(), decimal_quantization=False)
    text = format_decimal(value, format="#,##0.#")
    return f"{text} {unit}" if unit else text


def _raw(value: float) -> str:
    """A value for a data- attribute, exact (never 1.2e+06): scripts and tests read it."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _nice_top(largest: float) -> float:
    """A round top for the scale (1, 2, 2.5 or 5 times a power of ten), above the largest."""
    if largest <= 0:
        return 1
    power = 1.0
    while power * 10 <= largest:
        power *= 10
    while power > largest:
        power /= 10
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= largest:
            return step * power
    return 10 * power


def _figure(kind: str, title: str, desc: str, body: str, caption: str, width: int, height: int):
    ident = f"chart-{next(_ids)}"
    return Markup(
        f'<figure class="chart chart-{kind}">'
        f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" preserveAspectRatio="xMinYMin meet">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(desc)}</desc>{body}</svg>'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def line_chart(
    x_labels: list[str], series: list[tuple[str, list[float]]], *, title: str, unit: str = ""
) -> Markup:
    """One line per series over the x labels; each path carries its values in data-values."""
    top = _nice_top(max((max(values, default=0) for _name, values in series), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slots = max(len(x_labels) - 1, 1)

    def x(n: int) -> float:
        return LEFT + (plot_w * n / slots if len(x_labels) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return TOP + plot_h - plot_h * value / top

    parts = []
    for tick in (0, top / 2, top):
        parts.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" '
            f'y2="{y(tick):.1f}"/><text class="axis" x="{LEFT - 6}" y="{y(tick) + 4:.1f}" '
            f'text-anchor="end">{escape(number(tick))}</text>'
        )
    # The first, middle and last labels: enough to place the line without crowding a phone.
    shown = sorted({0, len(x_labels) // 2, len(x_labels) - 1}) if x_labels else []
    for n in shown:
        anchor = "start" if n == 0 and len(x_labels) > 1 else "end" if n == slots else "middle"
        parts.append(
            f'<text class="axis" x="{x(n):.1f}" y="{HEIGHT - 8}" text-anchor="{anchor}">'
            f"{escape(x_labels[n])}</text>"
        )
    legend = []
    for index, (name, values) in enumerate(series, start=1):
        legend.append(f'<span class="key series-{index}">{escape(name)}</span>')
        if not values:
            continue
        points = " L".join(f"{x(n):.1f},{y(v):.1f}" for n, v in enumerate(values))
        data = ",".join(_raw(v) for v in values)
        parts.append(
            f'<path class="line series-{index}" d="M{points}" data-series="{escape(name)}" '
            f'data-values="{data}"/>'
        )
        if len(values) == 1:
            cx, cy = x(0), y(values[0])
            parts.append(f'<circle class="dot series-{index}" cx="{cx:.1f}" cy="{cy:.1f}" r="4"/>')
    desc = "; ".join(
        f"{name}: "
        + ", ".join(f"{at} {number(v, unit)}" for at, v in zip(x_labels, values, strict=True))
        for name, values in series
    )
    caption = f"{escape(title)} " + "".join(legend)
    return _figure("line", title, desc, "".join(parts), caption, WIDTH, HEIGHT)


def bar_chart(rows: list[tuple[str, float]], *, title: str, unit: str = "") -> Markup:
    """One horizontal bar per row (its label above it, its value after it), longest = top."""
    top = max((value for _label, value in rows), default=0) or 1
    height = max(len(rows), 1) * BAR_ROW + 4
    room = WIDTH - BAR_VALUE
    parts = []
    for n, (label, value) in enumerate(rows):
        y = n * BAR_ROW
        width = room * value / top
        bar_y = y + BAR_LABEL + 4
        parts.append(
            f'<text class="axis" x="0" y="{y + BAR_LABEL}">{escape(label)}</text>'
            f'<rect class="bar series-1" x="0" y="{bar_y}" width="{width:.1f}" '
            f'height="{BAR_ROW - BAR_LABEL - 8}" data-label="{escape(label)}" '
            f'data-value="{_raw(value)}"/>'
            f'<text class="value" x="{width + 6:.1f}" y="{bar_y + 11}">'
            f"{escape(number(value, unit))}</text>"
        )
    desc = "; ".join(f"{label}: {number(value, unit)}" for label, value in rows)
    return _figure("bar", title, desc, "".join(parts), escape(title), WIDTH, height)
