"""The brand's home page: its campaigns, with status, dates and participants so far."""

from flask import current_app, render_template

from app.campaigns import get_kind
from app.console.access import brand_blueprint, current_brand, requires
from app.console.services.campaigns import campaign_rows

bp = brand_blueprint("console_campaigns", __name__)


def kind_label(key: str) -> str:
    try:
        return get_kind(key).label
    except ValueError:
        return key


def edit_endpoint(key: str) -> str | None:
    """The kind's console page for one campaign, if the kind has one."""
    try:
        blueprint = get_kind(key).console_blueprint
    except ValueError:
        return None
    endpoint = f"{blueprint.name}.edit" if blueprint else None
    return endpoint if endpoint in current_app.view_functions else None


@bp.get("/")
@requires("read")
def index():
    return render_template(
        "console/campaigns.html",
        rows=campaign_rows(current_brand()),
        kind_label=kind_label,
        edit_endpoint=edit_endpoint,
    )
