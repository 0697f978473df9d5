"""One campaign's analytics page, /console/<brand>/campaigns/<id>/analytics, and its CSVs."""

from flask import abort, render_template, request
from flask_babel import gettext as _

from app import clock
from app.campaigns import get_kind
from app.console import charts
from app.console.access import brand_blueprint, current_brand, current_role, requires
from app.console.kind_pages import brand_campaign_of
from app.console.roles import can
from app.console.services import campaign_analytics as figures
from app.console.services.date_range import PRESETS, read_range_or_default
from app.console.table_csv import csv_download

bp = brand_blueprint("console_campaign_analytics", __name__)


@bp.get("/campaigns/<int:campaign_id>/analytics")
@requires("analytics")
def page(campaign_id: int):
    campaign = brand_campaign_of(campaign_id)
    try:
        kind = get_kind(campaign.kind)
    except ValueError:
        abort(404)  # a kind this installation no longer has
    brand, now = current_brand(), clock.now()
    # A wrong range shows the default one, with the problem beside its field.
    span, problems = read_range_or_default(request.args, brand, now)
    status = 400 if problems else 200
    # Figures first: one may roll up the hours behind, which commits (nothing else is written).
    found = figures.campaign_figures(campaign, brand, span, request.args.get("grain"))
    panel = figures.kind_panel(campaign)
    wanted = request.args.get("csv")
    # A refused range shows the page with its problem rather than another range's CSV.
    if wanted and status == 200:
        table = {**found.tables(), **figures.kind_tables(panel)}.get(wanted)
        if table is None:
            abort(404)
        return csv_download(
            f"{campaign.slug}-{table.name}-{span.from_day}-{span.to_day}.csv",
            table.headers,
            table.rows,
        )
    title = _("Visitors per step, %(grain)s", grain=figures.grain_labels()[found.grain].lower())
    lines = [
        charts.line_chart(found.x_labels, group, title=title)
        for group in figures.line_groups(found.lines)
    ]
    bars = {
        table.name: charts.bar_chart(table.bars, title=table.title)
        for table in (found.funnel, found.sharing, *found.breakdowns)
        if table.bars
    }
    page_html = render_template(
        "console/campaign_analytics.html",
        campaign=campaign,
        kind=kind,
        span=span,
        presets=PRESETS,
        problems=problems,
        found=found,
        lines=lines,
        bars=bars,
        grain_labels=figures.grain_labels(),
        panel=panel,
        can_edit=can(current_role(), "campaigns"),
        editor_links=kind.editor_links(campaign),
    )
    return page_html, status
