"""The console's badge pages: who may read and edit, cross-brand 404s, forms and errors."""

import re

import pytest
from sqlalchemy import select

from app.engagement import record
from app.extensions import db
from app.models import Badge, BadgeAward, Level
from tests.badges.conftest import make_badge
from tests.console.conftest import make_user
from tests.factories import make_brand, make_fan

BASE = "/console/acme/badges"


def badge_form(**fields):
    data = {
        "name": "Sharer",
        "slug": "sharer",
        "description": "Shared the page.",
        "criteria": "Share once.",
        "combinator": "all",
        "active": "on",
        "c0_kind": "count",
        "c0_event_type": "share_visit",
        "c0_count": "1",
    }
    data.update(fields)
    return data


@pytest.fixture
def owner(client, brand):
    make_user("owner@acme.test", brand=brand, role="owner")
    client.login("owner@acme.test")
    return client


def test_an_owner_creates_a_badge_with_the_rule_builder(owner, brand):
    fan = make_fan(brand)
    record(fan, "share_visit")
    db.session.commit()
    response = owner.submit(f"{BASE}/new", badge_form())
    assert response.status_code == 302, response.get_data(as_text=True)
    badge = db.session.scalar(select(Badge).where(Badge.slug == "sharer"))
    assert badge.rule == [{"kind": "count", "event_type": "share_visit", "count": 1}]
    # The back-fill ran (inline without Redis) and the list shows its progress.
    assert db.session.scalar(select(BadgeAward.fan_id).where(BadgeAward.badge_id == badge.id))
    page = owner.get(f"{BASE}/").get_data(as_text=True)
    assert "Sharer" in page and "1 / 1 fan" in page
    progress = owner.get(f"{BASE}/{badge.id}/progress").get_json()
    assert progress == {"state": "done", "processed": 1, "total": 1}


def test_rule_errors_are_shown_next_to_the_fields(owner):
    response = owner.submit(
        f"{BASE}/new", badge_form(c0_count="0", c1_kind="count", c1_event_type="moonwalk")
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="c0_count-problem"' in html and "at least 1" in html
    assert 'id="c1_event_type-problem"' in html and "Unknown action" in html
    assert db.session.scalar(select(Badge.id)) is None


def test_an_owner_edits_revokes_and_deletes(owner, brand):
    fan = make_fan(brand)
    badge = make_badge(brand)
    record(fan, "profile_completed")
    db.session.commit()
    assert owner.submit(f"{BASE}/{badge.id}", badge_form(slug="starter")).status_code == 302
    award = db.session.scalar(select(BadgeAward).where(BadgeAward.badge_id == badge.id))
    url = f"{BASE}/{badge.id}/awards/{award.id}/revoke"
    refused = owner.submit(url, {"reason": " "})
    assert refused.status_code == 422 and "Say why" in refused.get_data(as_text=True)
    assert owner.submit(url, {"reason": "Fraud"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(BadgeAward, award.id).revoke_reason == "Fraud"
    assert owner.submit(f"{BASE}/{badge.id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.get(Badge, badge.id).deleted_at is not None


def test_levels_editor(owner, brand):
    bad = owner.submit(f"{BASE}/levels", {"name": ["A"], "min_points": ["5"]})
    assert bad.status_code == 422 and "start at 0" in bad.get_data(as_text=True)
    good = owner.submit(f"{BASE}/levels", {"name": ["Fan", "Star"], "min_points": ["0", "40"]})
    assert good.status_code == 302
    rows = db.session.execute(select(Level.name, Level.min_points).order_by(Level.min_points))
    assert rows.all() == [("Fan", 0), ("Star", 40)]


@pytest.mark.parametrize("role", ["moderator", "analyst"])
def test_other_roles_read_but_do_not_edit(client, brand, role):
    badge = make_badge(brand)
    fan = make_fan(brand)
    record(fan, "profile_completed")
    db.session.commit()
    award_id = db.session.scalar(select(BadgeAward.id))
    make_user(f"{role}@acme.test", brand=brand, role=role)
    client.login(f"{role}@acme.test")
    assert client.get(f"{BASE}/").status_code == 200
    assert client.get(f"{BASE}/{badge.id}/awards").status_code == 200
    assert client.get(f"{BASE}/levels").status_code == 200
    assert client.get(f"{BASE}/new").status_code == 403
    assert client.submit(f"{BASE}/new", badge_form()).status_code == 403
    assert client.submit(f"{BASE}/{badge.id}/delete").status_code == 403
    revoke = f"{BASE}/{badge.id}/awards/{award_id}/revoke"
    assert client.submit(revoke, {"reason": "x"}).status_code == 403
    assert client.submit(f"{BASE}/levels", {"name": "A", "min_points": "0"}).status_code == 403
    assert "New badge" not in client.get(f"{BASE}/").get_data(as_text=True)


def test_another_brands_badges_answer_404(client, brand):
    other = make_brand("other")
    theirs = make_badge(other, "theirs")
    make_user("owner@acme.test", brand=brand, role="owner")
    client.login("owner@acme.test")
    assert client.get("/console/other/badges/").status_code == 404
    assert client.get(f"{BASE}/{theirs.id}").status_code == 404
    assert client.get(f"{BASE}/{theirs.id}/awards").status_code == 404
    assert client.submit(f"{BASE}/{theirs.id}/delete").status_code == 404
    assert db.session.get(Badge, theirs.id).deleted_at is None


def test_the_nav_lists_badges(owner):
    assert f'href="{BASE}/"' in owner.get(f"{BASE}/").get_data(as_text=True)


def test_an_uploaded_image_becomes_the_badge_image(owner):
    import io

    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (64, 64), "#00aa00").save(picture, format="PNG")
    data = badge_form()
    data["image"] = (io.BytesIO(picture.getvalue()), "badge.png")
    response = owner.submit(f"{BASE}/new", data, content_type="multipart/form-data")
    assert response.status_code == 302
    badge = db.session.scalar(select(Badge).where(Badge.slug == "sharer"))
    assert badge.image_id is not None
    served = owner.get("/badges/acme/sharer/image.png")
    image = Image.open(io.BytesIO(served.get_data()))
    assert image.getpixel((32, 32))[:3][1] > 150


def test_a_file_that_is_not_an_image_is_refused_with_a_message(owner):
    import io

    data = badge_form()
    data["image"] = (io.BytesIO(b"%PDF-1.4 not an image"), "badge.png")
    response = owner.submit(f"{BASE}/new", data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert 'id="image-problem"' in response.get_data(as_text=True)
    assert db.session.scalar(select(Badge.id)) is None


def test_the_editor_shows_the_saved_rule(owner, brand):
    from tests.factories import make_campaign

    spring = make_campaign(brand, "spring", title="Spring quiz")
    rule = [
        {"kind": "campaigns", "campaign_ids": [spring.id]},
        {"kind": "streak", "days": 4},
    ]
    badge = make_badge(brand, rule=rule, combinator="any")
    html = owner.get(f"{BASE}/{badge.id}").get_data(as_text=True)
    assert f'<option value="{spring.id}" selected>Spring quiz</option>' in html
    assert re.search(r'<input[^>]* name="c1_days"[^>]* value="4"', html)
    assert '<option value="any" selected>' in html
