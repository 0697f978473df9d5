"""One fan's console page: what they did and why their score is what it is; personal data
shown by role, and every look at it logged."""

import csv
import io
from datetime import timedelta

from sqlalchemy import select

from app.engagement import record
from app.engagement.superfan_columns import HEADERS
from app.extensions import db
from app.models import ConsentRecord, FraudSignal, Identity, StaffAccess, utcnow
from contests.photo.settings import KIND_KEY as PHOTO
from games.quiz.models import QuizAttempt
from games.quiz.quiz_types import KIND_KEYS
from tests.console.conftest import add_member, make_user
from tests.contests.photo.factories import make_photo_entry
from tests.contests.sweepstakes.factories import make_entrant, make_sweepstakes
from tests.factories import make_brand, make_campaign, make_fan

TRIVIA = KIND_KEYS["trivia"]
# The pager writes "first\u2013last of total" with an en dash.
DASH = "\u2013"


def fan_page(client, fan_id, query=""):
    response = client.get(f"/console/acme/fans/{fan_id}{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def sign_in_as(client, email):
    client.submit("/console/logout")
    client.login(email)


def accesses(fan_id):
    return [
        (row.actor, row.what)
        for row in db.session.scalars(
            select(StaffAccess).where(StaffAccess.fan_id == fan_id).order_by(StaffAccess.id)
        )
    ]


def test_the_fan_page_shows_what_the_fan_did_and_why_their_score(client):
    brand = make_brand("acme", half_life_days=10)
    ada = make_fan(brand, "Ada Lovelace", email="ada@example.com")
    spring = make_campaign(brand, "spring", title="Spring Game")
    record(ada, "game_played", campaign=spring, key="new")
    record(ada, "game_played", campaign=spring, key="old", at=utcnow() - timedelta(days=10))
    db.session.add(Identity(user_id=ada.user_id, provider="google", subject="g-123"))
    db.session.add(
        ConsentRecord(fan_id=ada.id, purpose="marketing", text_version="v1", granted=True)
    )
    db.session.add(
        FraudSignal(
            brand_id=brand.id,
            fan_id=ada.id,
            kind="shared_ip",
            ref="ip:203.0.113.7",
            detail="Same network as 4 new fans",
            weight=0.3,
        )
    )
    db.session.commit()
    make_user("owner@acme.test", brand=brand)
    client.login("owner@acme.test")

    page = fan_page(client, ada.id)
    assert "Ada Lovelace" in page and "ada@example.com" in page
    assert "google" in page and "g-123" not in page
    assert "Spring Game" in page
    # Ten points today count in full; ten points ten days ago (one half-life) count half.
    assert "100 %" in page and "50 %" in page
    assert "15.0" in page
    assert "Same network as 4 new fans" in page
    assert "1 of 1" in page
    assert "Participation" in page


def test_an_analyst_sees_no_email_until_an_owner_allows_it(client):
    brand = make_brand("acme")
    ada = make_fan(brand, "Ada Lovelace", email="ada@example.com")
    db.session.commit()
    make_user("owner@acme.test", brand=brand)
    analyst = make_user("analyst@acme.test")
    add_member(brand, analyst, "analyst")

    client.login("analyst@acme.test")
    page = fan_page(client, ada.id)
    assert "Ada Lovelace" in page and "ada@example.com" not in page
    assert "Hidden: your role does not show emails." in page
    assert client.get("/console/acme/fans/access-log").status_code == 403

    sign_in_as(client, "owner@acme.test")
    assert "analyst@acme.test" in client.get("/console/acme/fans/access-log").get_data(as_text=True)
    saved = client.submit("/console/acme/fans/access-log/emails", {"allowed": str(analyst.id)})
    assert saved.status_code == 302

    sign_in_as(client, "analyst@acme.test")
    assert "ada@example.com" in fan_page(client, ada.id)


def test_every_look_at_a_fan_is_logged_and_owners_read_the_log(client):
    brand = make_brand("acme")
    ada = make_fan(brand, "Ada Lovelace", email="ada@example.com")
    db.session.commit()
    make_user("owner@acme.test", brand=brand)
    add_member(brand, make_user("analyst@acme.test"), "analyst")

    client.login("analyst@acme.test")
    fan_page(client, ada.id)
    client.get(f"/console/acme/fans/{ada.id}/row.csv")
    sign_in_as(client, "owner@acme.test")
    fan_page(client, ada.id)

    assert accesses(ada.id) == [
        ("analyst@acme.test", "profile"),
        ("analyst@acme.test", "export"),
        ("owner@acme.test", "email"),
    ]
    log = client.get("/console/acme/fans/access-log").get_data(as_text=True)
    assert log.index("owner@acme.test") < log.index("analyst@acme.test")
    assert "downloaded the fan&#39;s row" in log and "Ada Lovelace" in log


def test_the_fans_row_has_the_super_fan_export_columns(client):
    brand = make_brand("acme")
    ada = make_fan(brand, "=Ada", email="ada@example.com")
    record(ada, "game_played", key="one")
    db.session.commit()
    make_user("owner@acme.test", brand=brand)
    add_member(brand, make_user("analyst@acme.test"), "analyst")

    client.login("owner@acme.test")
    response = client.get(f"/console/acme/fans/{ada.id}/row.csv")
    assert response.mimetype == "text/csv"
    header, row = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert tuple(header) == HEADERS
    cells = dict(zip(header, row, strict=True))
    assert cells["display_name"] == "'=Ada"
    assert cells["email"] == "ada@example.com"
    assert cells["points"] == "10" and cells["rank"] == "1"

    sign_in_as(client, "analyst@acme.test")
    response = client.get(f"/console/acme/fans/{ada.id}/row.csv")
    _, row = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert dict(zip(header, row, strict=True))["email"] == ""


def test_the_events_timeline_comes_a_page_at_a_time(client):
    brand = make_brand("acme")
    ada = make_fan(brand, "Ada Lovelace")
    start = utcnow() - timedelta(days=3)
    for n in range(30):
        record(ada, "game_played", key=f"e{n}", at=start + timedelta(minutes=n))
    db.session.commit()
    make_user("owner@acme.test", brand=brand)
    client.login("owner@acme.test")

    assert f"1{DASH}25 of 30" in fan_page(client, ada.id)
    assert f"26{DASH}30 of 30" in fan_page(client, ada.id, "?page=2")
    assert f"26{DASH}30 of 30" in fan_page(client, ada.id, "?page=999999999999")


def test_a_fan_of_another_brand_is_not_found(client):
    brand = make_brand("acme")
    stranger = make_fan(make_brand("other"), "Olga")
    db.session.commit()
    make_user("owner@acme.test", brand=brand)
    client.login("owner@acme.test")
    assert client.get(f"/console/acme/fans/{stranger.id}").status_code == 404
    assert client.get(f"/console/acme/fans/{stranger.id}/row.csv").status_code == 404
    assert client.get("/console/acme/fans/99999999999999999999").status_code == 404
    assert accesses(stranger.id) == []


def test_each_kind_shows_what_the_fan_did_in_its_campaigns(client):
    brand = make_brand("acme")
    ada = make_fan(brand, "Ada Lovelace")
    quiz = make_campaign(brand, "quiz", title="Capital Cities")
    quiz.kind = TRIVIA
    contest = make_campaign(brand, "photos", title="Best Beach")
    contest.kind = PHOTO
    draw = make_sweepstakes(brand, title="Summer Draw")
    db.session.flush()
    db.session.add(
        QuizAttempt(
            campaign_id=quiz.id,
            fan_id=ada.id,
            number=1,
            started_at=utcnow(),
            finished_at=utcnow(),
            ended_by="completed",
            score=42,
            correct_count=4,
            snapshot={},
        )
    )
    make_photo_entry(contest, ada, "Sunset")
    make_entrant(draw, ada, "K7QX2M")
    db.session.commit()
    make_user("owner@acme.test", brand=brand)
    client.login("owner@acme.test")

    page = fan_page(client, ada.id)
    for words in ("Trivia quizzes", "Capital Cities", "42"):
        assert words in page
    for words in ("Photos sent", "Best Beach", "Sunset", "Waiting for review"):
        assert words in page
    for words in ("Sweepstakes entries", "Summer Draw", "K7QX2M"):
        assert words in page
