"""One console flow for every kind: create, edit the common fields and the kind's settings,
change status by one set of rules; the kind's own pages and fan API plug in beside it.

The kind is tests/kinds.py's test game: nothing under app/ names it.
"""

import re
from datetime import timedelta

from sqlalchemy import func, select

from app.engagement.types import event_types_with
from app.extensions import db
from app.models import Campaign, EngagementEvent
from tests.console.conftest import make_client, make_user
from tests.embed.conftest import add_brand, page_csrf
from tests.factories import make_campaign

NEW = "/console/acme/campaigns/new"


def owner_of(app, brand, role: str = "owner"):
    make_user(f"{role}@acme.test", brand=brand, role=role)
    client = make_client(app)
    client.login(f"{role}@acme.test")
    return client


def beside(page: str, field: str) -> str:
    """The problem the page shows under one field, or ''."""
    found = re.search(rf'id="{field}-problem" role="alert">([^<]*)<', page)
    return found[1] if found else ""


def create(owner, **changes):
    form = {
        "kind": "test.game",
        "title": "Spin the cup",
        "slug": "spin",
        "starts_at": "2026-06-01T09:00",
        "ends_at": "2026-06-30T18:00",
        **changes,
    }
    return owner.submit(NEW, form)


def test_a_new_campaign_of_any_kind_is_a_draft_with_its_defaults_in_the_brands_time(app):
    brand = add_brand("acme", timezone="Europe/Paris")
    owner = owner_of(app, brand)
    page = owner.get(f"{NEW}?kind=test.game").get_data(as_text=True)
    assert 'value="test.game" required checked' in page
    response = create(owner)
    assert response.status_code == 302
    campaign = db.session.scalars(select(Campaign)).one()
    assert response.headers["Location"] == f"/console/acme/campaigns/{campaign.id}"
    assert (campaign.kind, campaign.status, campaign.settings) == (
        "test.game",
        "draft",
        {"target": 10},
    )
    # 09:00 in Paris in June is 07:00 UTC.
    assert campaign.starts_at.isoformat().startswith("2026-06-01T07:00")


def test_a_refused_new_campaign_says_why_beside_each_field_and_keeps_nothing(app):
    owner = owner_of(app, add_brand("acme"))
    create(owner)
    response = create(owner, title=" ", ends_at="2026-05-01T09:00")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert beside(page, "title") == "Give the campaign a title."
    assert beside(page, "ends_at") == "The end date must come after the start date."
    taken = create(owner, slug="spin").get_data(as_text=True)
    assert beside(taken, "slug") == "Another campaign already uses the address &#39;spin&#39;."
    assert 'value="Spin the cup"' in taken  # what the user typed stays in the form
    no_kind = create(owner, kind="", slug="other").get_data(as_text=True)
    assert beside(no_kind, "kind") == "Choose what kind of campaign to make."
    assert db.session.scalar(select(func.count()).select_from(Campaign)) == 1


def test_the_kinds_settings_are_saved_with_the_common_fields_or_refused_beside_their_field(app):
    owner = owner_of(app, add_brand("acme"))
    edit = create(owner).headers["Location"]
    page = owner.get(edit).get_data(as_text=True)
    assert 'name="target"' in page and "Score to win" in page

    refused = owner.submit(edit, {"title": "Renamed", "target": "0"})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert beside(text, "target") == "The target is a whole number from 1 to 100."
    assert 'value="Renamed"' in text and 'value="0"' in text
    campaign = db.session.scalars(select(Campaign)).one()
    db.session.refresh(campaign)
    assert (campaign.title, campaign.settings["target"]) == ("Spin the cup", 10)

    not_a_number = owner.submit(edit, {"title": "Renamed", "target": "lots"})
    assert beside(not_a_number.get_data(as_text=True), "target") == "Write a whole number."

    saved = owner.submit(edit, {"title": "Renamed", "target": "25"}, follow_redirects=True)
    assert "Settings saved." in saved.get_data(as_text=True)
    db.session.refresh(campaign)
    assert (campaign.title, campaign.settings["target"]) == ("Renamed", 25)


def test_statuses_follow_one_set_of_rules_and_the_buttons_say_the_truth(app, clock):
    owner = owner_of(app, add_brand("acme"))
    edit = create(owner, starts_at="", ends_at="").headers["Location"]
    status = f"{edit}/status"
    draft = owner.get(edit).get_data(as_text=True)
    assert 'value="live">Go live<' in draft and "Close now" not in draft

    live = owner.submit(status, {"status": "live"}, follow_redirects=True).get_data(as_text=True)
    assert "The campaign is live." in live
    assert "Go live" not in live and "Ready to go live" not in live
    close = re.search(r'<button[^>]*value="closed"[^>]*>', live)[0]
    assert 'class="button danger"' in close and "data-confirm=" in close

    back = owner.submit(status, {"status": "draft"})
    assert back.status_code == 409
    assert "A live campaign cannot become draft." in back.get_data(as_text=True)

    closed = owner.submit(status, {"status": "closed"}, follow_redirects=True)
    text = closed.get_data(as_text=True)
    assert "The campaign is closed: fans can no longer take part." in text
    assert 'value="live">Reopen<' in text and 'value="archived"' in text
    campaign = db.session.scalars(select(Campaign)).one()
    db.session.refresh(campaign)
    assert campaign.status == "closed"

    # Once its end date has passed, a closed campaign no longer offers to reopen.
    campaign.ends_at = clock.now() - timedelta(hours=1)
    db.session.commit()
    assert "Reopen" not in owner.get(edit).get_data(as_text=True)
    refused = owner.submit(status, {"status": "live"})
    assert refused.status_code == 409
    assert "The end date has passed" in refused.get_data(as_text=True)


def test_a_campaign_whose_settings_have_problems_cannot_go_live(app):
    owner = owner_of(app, add_brand("acme"))
    edit = create(owner).headers["Location"]
    campaign = db.session.scalars(select(Campaign)).one()
    campaign.settings = {"target": 500}
    db.session.commit()
    page = owner.get(edit).get_data(as_text=True)
    assert "Before it can be announced or go live:" in page
    refused = owner.submit(f"{edit}/status", {"status": "live"})
    assert refused.status_code == 400
    assert "The target is a whole number from 1 to 100." in refused.get_data(as_text=True)
    db.session.refresh(campaign)
    assert campaign.status == "draft"


def test_the_kinds_own_pages_find_only_its_campaigns_in_the_members_brand(app):
    brand = add_brand("acme")
    owner = owner_of(app, brand)
    edit = create(owner).headers["Location"]
    campaign = db.session.scalars(select(Campaign)).one()
    wins = f"/console/acme/test-game/{campaign.id}/wins"
    assert f'href="{wins}"' in owner.get(edit).get_data(as_text=True)
    assert "0 wins" in owner.get(wins).get_data(as_text=True)

    photo = make_campaign(brand, "photos")
    photo.kind = "contest.photo"
    other = make_campaign(add_brand("globex"), "theirs")
    db.session.commit()
    assert owner.get(f"/console/acme/test-game/{photo.id}/wins").status_code == 404
    assert owner.get(f"/console/acme/test-game/{other.id}/wins").status_code == 404
    assert owner.get(f"/console/acme/campaigns/{other.id}").status_code == 404


def test_the_fan_api_answers_refusals_as_json_and_a_declared_win_counts_as_one(app):
    brand = add_brand("acme")
    make_campaign(brand, "spin", settings={"target": 10})
    db.session.commit()
    fan = app.test_client()
    token = page_csrf(fan, "/e/acme/spin")
    headers = {"X-CSRFToken": token}

    low = fan.post("/e/acme/spin/game/win", json={"score": 3}, headers=headers)
    assert low.status_code == 409
    assert low.get_json() == {
        "error": "Score at least 10 to win.",
        "code": "too_low",
        "problems": [{"field": "score", "message": "Score at least 10 to win."}],
    }
    assert db.session.scalar(select(func.count()).select_from(EngagementEvent)) == 0

    won = fan.post("/e/acme/spin/game/win", json={"score": 12}, headers=headers)
    assert won.status_code == 200 and won.get_json()["won"] is True
    assert "game_won" in event_types_with("win")
    assert fan.post("/e/acme/nowhere/game/win", json={}, headers=headers).status_code == 404
