"""The brand's analytics overview, /console/<brand>/analytics/, and each of its tables as CSV."""

from flask import abort, current_app, render_template, request, url_for
from flask_babel import gettext as _

from app import clock
from app.console import charts
from app.console.access import brand_blueprint, current_brand, requires
from app.console.services import analytics_overview as overview
from app.console.services.date_range import PRESETS, read_range_or_default
from app.console.table_csv import csv_download

bp = brand_blueprint("console_analytics", __name__, "/analytics")
# The campaign analytics page when this installation has it, else the campaign's page.
CAMPAIGN_PAGES = ("console_campaign_analytics.page", "console_campaigns.edit")


def campaign_url(campaign_id: int) -> str | None:
    for endpoint in CAMPAIGN_PAGES:
        if endpoint in current_app.view_functions:
            return url_for(endpoint, campaign_id=campaign_id)
    return None


@bp.get("/")
@requires("analytics")
def index():
    brand, now = current_brand(), clock.now()
    # A wrong range shows the default one, with the problem beside its field.
    span, problems = read_range_or_default(request.args, brand, now)
    status = 400 if problems else 200
    # Figures first: one may roll up the hours behind, which commits (this view writes nothing).
    page = overview.build(brand, span, now, campaign_url)
    wanted = request.args.get("csv")
    if wanted:
        table = page.tables.get(wanted)
        if table is None or status != 200:
            abort(404)
        return csv_download(
            f"{brand.slug}-{table.name}-{span.from_day}-{span.to_day}.csv",
            table.headers,
            table.rows,
        )
    traffic = page.tables["traffic"]
    line = charts.line_chart(
        [row[0] for row in traffic.rows],
        [
            (_("Visitors"), [row[1] for row in traffic.rows]),
            (_("Plays"), [row[2] for row in traffic.rows]),
        ],
        title=traffic.title,
    )
    bars = charts.bar_chart(
        [(row[0], row[1]) for row in page.tables["scores"].rows],
        title=page.tables["scores"].title,
    )
    axes = page.tables["axes"]
    axes_line = charts.line_chart(
        [row[0] for row in axes.rows],
        [(header, [row[n] for row in axes.rows]) for n, header in enumerate(axes.headers[1:], 1)],
        title=axes.title,
    )
    html = render_template(
        "console/analytics.html",
        page=page,
        span=span,
        presets=PRESETS,
        problems=problems,
        line=line,
        bars=bars,
        axes_line=axes_line,
        excluded=overview.excluded_note(page.excluded),
        number=charts.number,
    )
    return html, status
