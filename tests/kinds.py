"""A small campaign kind the tests register: docs/adding-a-kind.md walks through it line by line.

It plugs into the platform the way a real kind does and nothing under app/ names it: console
create/edit/status pages (the common flow, with its settings form), a page of its own in
the console, a fan page, a fan API answering refusals as JSON, a media purpose, and an event
flagged as a win.
"""

from flask import Blueprint, g, jsonify, redirect, render_template_string, request, url_for
from sqlalchemy import func, select

from app.campaigns import CampaignKind, register_kind
from app.campaigns.fan_api import kind_fan_blueprint
from app.campaigns.refusals import Problem, Refused
from app.console.access import requires
from app.console.kind_pages import current_campaign, kind_console_blueprint
from app.embed import services as embed_services
from app.engagement import record
from app.engagement.types import EventType
from app.extensions import db
from app.identity.fan_session import fan_profile
from app.models import EngagementEvent

# 1. The kind's key, in one place.
KIND_KEY = "test.game"

# 2. Its settings, with their defaults, read leniently for play and checked strictly to save.
DEFAULTS = {"target": 10}


def target_of(campaign) -> int:
    value = (campaign.settings or {}).get("target")
    return value if isinstance(value, int) and 1 <= value <= 100 else DEFAULTS["target"]


def settings_problems(settings: dict) -> list[Problem]:
    target = settings.get("target", DEFAULTS["target"])
    if not (isinstance(target, int) and not isinstance(target, bool) and 1 <= target <= 100):
        return [Problem("The target is a whole number from 1 to 100.", "target")]
    return []


# 3. The fan page: a template extending the embed layout, a form with the CSRF token, and a
# play route under /e/<brand>/<campaign>/ so it uses the fan cookie.
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

play_blueprint = Blueprint("test_game", __name__)


@play_blueprint.post("/e/<brand_slug>/<campaign_slug>/play")
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


# 4. The fan API at /e/<brand>/<campaign>/game/: the blueprint finds the campaign (of this
# kind, or 404) and answers a Refused as {error, code, problems} with nothing kept.
fan_blueprint = kind_fan_blueprint("test_game_api", __name__, "game", (KIND_KEY,))


@fan_blueprint.post("/win")
def win():
    campaign = g.campaign
    if not embed_services.is_live(campaign):
        raise Refused("This game is not open.", code="not_live", status=403)
    score = (request.get_json(silent=True) or {}).get("score")
    if not isinstance(score, int) or score < target_of(campaign):
        message = f"Score at least {target_of(campaign)} to win."
        raise Refused(Problem(message, "score"), code="too_low", status=409)
    fan = fan_profile(g.campaign_brand, create_guest=True)
    record(fan, "game_won", campaign=campaign)
    db.session.commit()
    return jsonify(won=True, points=fan.points)


# 5. A console page of its own, listed on the campaign page beside its settings.
console_blueprint = kind_console_blueprint(
    "test_game_console",
    __name__,
    "/test-game",
    kinds=(KIND_KEY,),
    template_folder="kind_templates",
)


@console_blueprint.get("/<int:campaign_id>/wins")
@requires("analytics")
def wins(campaign_id: int):
    campaign = current_campaign()
    count = db.session.scalar(
        select(func.count()).where(
            EngagementEvent.campaign_id == campaign.id, EngagementEvent.type == "game_won"
        )
    )
    return render_template_string(
        "{% extends 'console/base.html' %}{% block content %}"
        "<h1>{{ campaign.title }}</h1><p>{{ count }} wins</p>{% endblock %}",
        campaign=campaign,
        count=count,
    )


# 6. The kind itself: what it declares, and the hooks the platform calls.
class TestGameKind(CampaignKind):
    def default_settings(self) -> dict:
        return dict(DEFAULTS)

    def read_settings(self, reader, campaign) -> dict:
        return {"target": reader.integer("target", default=DEFAULTS["target"])}

    def validate_settings(self, settings: dict) -> list:
        return settings_problems(settings)

    def settings_context(self, campaign) -> dict:
        return {"target": target_of(campaign)}

    def editor_links(self, campaign) -> list[tuple[str, str]]:
        return [("Wins", url_for("test_game_console.wins", campaign_id=campaign.id))]

    def fan_page(self, campaign, fan):
        return render_template_string(PLAY_PAGE, campaign=campaign, fan=fan)


TEST_KIND = TestGameKind(
    key=KIND_KEY,
    label="Test game",
    event_types=(
        EventType("game_played", "participation", 10, daily_cap=3),
        EventType("photo_created", "creation", 20),
        EventType("like_received", "influence", 4),
        # Declared as a win: the badges' win rule counts it though nothing under app/ names it.
        EventType("game_won", "participation", 30, traits={"win"}),
    ),
    fan_blueprint=fan_blueprint,
    console_blueprint=console_blueprint,
    # Registered here only: app.media stores images under it, the database checks its shape.
    media_purposes=("game_screenshot",),
    settings_template="test_game/settings.html",
)


# 7. The package's register(app), which create_app calls for each of KIND_PACKAGES.
def register(app) -> None:
    register_kind(app, TEST_KIND)
    app.register_blueprint(play_blueprint)
