"""A small campaign kind the tests register, so the engine is exercised as kinds will use it."""

from flask import Blueprint, g, redirect, render_template_string, url_for

from app.campaigns import CampaignKind, register_kind
from app.embed import services as embed_services
from app.engagement import record
from app.engagement.types import EventType
from app.extensions import db
from app.identity.fan_session import fan_profile

# A play page as a kind draws one: a template extending the embed layout, a form with the
# CSRF token, and a play route under /e/<brand>/<campaign>/ so it uses the fan cookie.
PLAY_PAGE = """{% extends "embed/layout.html" %}
{% block content %}
<section class="sf-card">
  <h1>{{ campaign.title }}</h1>
  <p>Your points: <strong data-test="points">{{ fan.points if fan else 0 }}</strong></p>
  <form method="post" action="{{ url_for('test_game.play', brand_slug=brand.slug,
                                        campaign_slug=campaign.slug) }}">
    <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
    <button class="sf-button" type="submit">Play</button>
  </form>
</section>
{% endblock %}"""

fan_blueprint = Blueprint("test_game", __name__)


@fan_blueprint.post("/e/<brand_slug>/<campaign_slug>/play")
def play(brand_slug, campaign_slug):
    campaign = embed_services.find_campaign(g.brand, campaign_slug) if g.brand else None
    if campaign is None or not embed_services.is_live(campaign):
        return "not playable", 404
    fan = fan_profile(g.brand, create_guest=True)
    record(fan, "game_played", campaign=campaign)
    db.session.commit()
    return redirect(
        url_for("embed.campaign", brand_slug=brand_slug, campaign_slug=campaign_slug), 303
    )


class TestGameKind(CampaignKind):
    def fan_page(self, campaign, fan):
        return render_template_string(PLAY_PAGE, campaign=campaign, fan=fan)


TEST_KIND = TestGameKind(
    key="test.game",
    label="Test game",
    event_types=(
        EventType("game_played", "participation", 10, daily_cap=3),
        EventType("photo_created", "creation", 20),
        EventType("like_received", "influence", 4),
        # Declared as a win: the badges' win rule counts it though nothing under app/ names it.
        EventType("game_won", "participation", 30, traits={"win"}),
    ),
    fan_blueprint=fan_blueprint,
    # Registered here only: app.media stores images under it, the database checks its shape.
    media_purposes=("game_screenshot",),
)


def register(app) -> None:
    register_kind(app, TEST_KIND)
