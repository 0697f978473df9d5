"""Capture through HTTP: a served campaign page is `viewed` with its visit's source and
device, steps come from recorded events and consent, staff and the bench are marked, and
the visitor is a hash that changes every day, with no IP address stored anywhere."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.engagement import record
from app.extensions import db
from app.models import AnalyticsEvent, AnalyticsSalt, Membership
from tests.analytics.events import DESKTOP, IPHONE, campaign_of
from tests.conftest import build_app
from tests.embed.conftest import ALLOWED, add_brand, csrf_from, play
from tests.factories import make_campaign, make_fan

ADDRESS = "203.0.113.77"


@pytest.fixture
def brand(app):
    brand = add_brand("acme", name="Acme Coffee")
    make_campaign(brand, "spring", title="Spring Game")
    db.session.commit()
    return brand


def browser(app, agent=IPHONE, address=ADDRESS):
    client = app.test_client()
    client.environ_base.update(REMOTE_ADDR=address, HTTP_USER_AGENT=agent)
    return client


def events(step=None) -> list[AnalyticsEvent]:
    db.session.expire_all()
    query = select(AnalyticsEvent).order_by(AnalyticsEvent.id)
    if step:
        query = query.where(AnalyticsEvent.step == step)
    return list(db.session.scalars(query))


def test_a_served_campaign_page_is_viewed_with_the_visits_source_and_device(app, brand, clock):
    fan = browser(app)
    first = fan.get(
        "/e/acme/spring?utm_source=instagram&utm_medium=social&utm_campaign=spring"
        f"&origin={ALLOWED}&embed=1",
        headers={"Accept-Language": "fr-CA,fr;q=0.9,en;q=0.5"},
    )
    assert first.status_code == 200
    # A later page of the same visit, without tags, still comes from Instagram.
    fan.get("/e/acme/spring", headers={"Referer": f"{ALLOWED}/shop"})
    viewed = events("viewed")
    assert len(viewed) == 2
    for row in viewed:
        assert (row.utm_source, row.utm_medium, row.utm_campaign) == (
            "instagram",
            "social",
            "spring",
        )
        assert row.embed_origin == ALLOWED
        assert row.referrer_host == ""  # the embedding page is where it is, not a source
        assert (row.device, row.browser) == ("mobile", "Mobile Safari")
        assert row.excluded == ""
    assert viewed[0].language == "fr"
    assert viewed[0].visitor == viewed[1].visitor


def test_the_visitor_hash_is_one_per_browser_and_day_and_no_ip_is_stored(app, brand, clock):
    one, two = browser(app), browser(app, agent=DESKTOP)
    one.get("/e/acme/spring")
    one.get("/e/acme/spring")
    two.get("/e/acme/spring")
    clock.advance(days=1)
    one.get("/e/acme/spring")
    rows = events("viewed")
    assert rows[0].visitor == rows[1].visitor  # same browser, same day
    assert rows[2].visitor != rows[0].visitor  # another browser on the same address
    assert rows[3].visitor != rows[0].visitor  # the next day, a new hash
    assert all(len(row.visitor) == 32 for row in rows)
    for row in rows:
        values = [getattr(row, column.key) for column in AnalyticsEvent.__table__.columns]
        assert not any(ADDRESS in str(value) for value in values)
    assert not any("ip" in column.name.split("_") for column in AnalyticsEvent.__table__.columns)


def test_the_days_salt_goes_once_the_day_is_over(app, brand, clock):
    from app.analytics import rollup

    browser(app).get("/e/acme/spring")
    clock.advance(days=1)
    browser(app).get("/e/acme/spring")
    assert len(db.session.scalars(select(AnalyticsSalt)).all()) == 2
    rollup.run()
    salts = db.session.scalars(select(AnalyticsSalt)).all()
    assert [salt.day for salt in salts] == [clock.now().date()]


def test_steps_come_from_recorded_events_through_the_kind_contract(app, brand, clock):
    quiz = campaign_of(brand, "quiz", "quiz.trivia")
    fan = make_fan(brand)
    record(fan, "quiz_started", campaign=quiz)
    record(fan, "quiz_completed", campaign=quiz)
    record(fan, "answer_correct", campaign=quiz)  # no funnel step
    # Recorded after the fact (an import, a demo's history): no visit.
    record(fan, "quiz_started", campaign=quiz, at=clock.now() - timedelta(hours=1))
    db.session.commit()
    assert [(row.step, row.campaign_id, row.fan_id) for row in events()] == [
        ("started", quiz.id, fan.id),
        ("completed", quiz.id, fan.id),
    ]


def test_consent_given_is_opted_in_for_the_campaign_last_shown(app, brand, clock):
    fan = browser(app)
    play(fan)
    page = fan.get("/e/acme/spring")
    response = fan.post(
        "/fan/acme/consent",
        data={
            "csrf_token": csrf_from(page),
            "marketing": "yes",
            "version": "v1",
            "next": "/e/acme/spring",
        },
    )
    assert response.status_code == 303
    opted = events("opted_in")
    assert len(opted) == 1
    assert opted[0].campaign_id == db.session.scalar(
        select(AnalyticsEvent.campaign_id).where(AnalyticsEvent.step == "viewed")
    )
    assert opted[0].visitor == events("viewed")[0].visitor


def test_a_share_link_counts_one_share_visit(app, brand, clock):
    referrer = make_fan(brand)
    db.session.commit()
    friend = browser(app)
    friend.get(f"/e/acme/spring?ref={referrer.referral_code}")
    friend.get("/e/acme/spring")
    assert len(events("share_visit")) == 1
    assert {row.share_code for row in events("viewed")} == {referrer.referral_code}


def test_staff_are_marked_whether_signed_in_to_the_console_or_playing_as_a_member(
    app, brand, clock
):
    member = make_fan(brand)
    db.session.add(Membership(brand_id=brand.id, user_id=member.user_id, role="analyst"))
    quiz = campaign_of(brand, "quiz", "quiz.trivia")
    record(member, "quiz_started", campaign=quiz)
    db.session.commit()
    assert events("started")[0].excluded == "staff"

    staff = browser(app)
    with staff.session_transaction("/console/") as console_session:
        console_session["_user_id"] = str(member.user_id)
    staff.get("/e/acme/spring")
    assert events("viewed")[-1].excluded == "staff"
    browser(app).get("/e/acme/spring")
    assert events("viewed")[-1].excluded == ""


def test_the_bench_traffic_is_marked(sqlite_url, clock):
    app = build_app(sqlite_url, ANALYTICS_EXCLUDE_TRAFFIC="bench")
    with app.app_context():
        make_campaign(add_brand("acme"), "spring")
        db.session.commit()
        browser(app).get("/e/acme/spring")
        assert [row.excluded for row in events("viewed")] == ["bench"]
        db.session.remove()
        db.engine.dispose()


def test_a_page_is_served_even_when_capture_fails(app, brand, clock, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("analytics down")

    monkeypatch.setattr("app.analytics.page_views.capture", broken)
    assert browser(app).get("/e/acme/spring").status_code == 200
    assert events() == []


def test_a_day_later_the_same_browser_is_a_new_visit(app, brand, clock):
    fan = browser(app)
    fan.get("/e/acme/spring?utm_source=newsletter")
    clock.advance(days=1)
    fan.get("/e/acme/spring")
    assert [row.utm_source for row in events("viewed")] == ["newsletter", ""]
