"""A campaign kind with console pages, built the way real kinds will build theirs."""

from flask import render_template_string, request

from app.campaigns import CampaignKind, register_kind
from app.console.access import brand_blueprint, brand_campaign, current_brand, requires

bp = brand_blueprint("testkind_console", __name__, "/test-kind")


@bp.route("/new", methods=["GET", "POST"])
@requires("campaigns")
def new():
    return render_template_string("new test-kind campaign for {{ b.name }}", b=current_brand())


@bp.route("/<int:campaign_id>", methods=["GET", "POST"])
@requires("campaigns")
def edit(campaign_id: int):
    campaign = brand_campaign(campaign_id)
    if request.method == "POST":
        return "saved"
    return render_template_string("editing {{ c.title }}", c=campaign)


CONSOLE_KIND = CampaignKind(key="test.console", label="Console test kind", console_blueprint=bp)


def register(app) -> None:
    register_kind(app, CONSOLE_KIND)
