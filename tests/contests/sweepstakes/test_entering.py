"""Entering: eligibility (age, country, dates, consent), once or once a day, bonus entries."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from app.engagement import record
from app.extensions import db
from app.models import EngagementEvent, User
from contests.sweepstakes.models import SweepstakesEntrant, SweepstakesEntry
from contests.sweepstakes.services import age_on
from tests.contests.sweepstakes.conftest import live_sweepstakes
from tests.factories import make_campaign


def _stored() -> tuple[int, int]:
    entrants = db.session.scalar(select(func.count()).select_from(SweepstakesEntrant))
    entries = db.session.scalar(select(func.count()).select_from(SweepstakesEntry))
    return entrants, entries


def test_an_eligible_fan_enters_and_gets_a_public_code_and_points(any_app, sweepstakes, entrant):
    fan = entrant(sweepstakes)
    answer = fan.enter()
    assert answer["entries"] == 1 and len(answer["code"]) == 12
    page = fan.visit(sweepstakes)
    assert f"Your entrant code is {answer['code']}" in page
    assert (
        db.session.scalar(
            select(EngagementEvent.points).where(EngagementEvent.type == "sweepstakes_entered")
        )
        == 5
    )


def test_age_counts_from_the_date_of_birth_and_the_birthday_itself_is_eligible(
    any_app, brand, entrant, clock
):
    clock.set(datetime(2026, 6, 15, 10, tzinfo=UTC))
    campaign = live_sweepstakes(brand, clock.now())
    refused = entrant(campaign).enter(born="2008-06-16", expect=403)
    assert refused == {"error": "You must be 18 or older to enter.", "code": "too_young"}
    assert _stored() == (0, 0)
    entrant(campaign).enter(born="2008-06-15")
    assert entrant(campaign).enter(born="2030-01-01", expect=403)["code"] == "too_young"


def test_only_the_allowed_countries_may_enter(app, sweepstakes, entrant):
    refused = entrant(sweepstakes).enter(country="DE", expect=403)
    assert refused["code"] == "country"
    assert "BE, FR" in refused["error"]
    entrant(sweepstakes).enter(country="be")
    assert entrant(sweepstakes).enter(country="France", expect=400)["code"] == "malformed"


def test_entries_are_taken_only_between_the_dates(app, brand, entrant, clock):
    campaign = live_sweepstakes(brand, clock.now(), days=2)
    fan = entrant(campaign)
    clock.advance(days=2)
    refused = fan.enter(expect=403)
    assert refused["code"] == "closed"
    clock.advance(days=-3)
    assert fan.enter(expect=403)["code"] == "not_open"
    assert _stored() == (0, 0)


def test_the_official_rules_must_be_agreed_to(app, sweepstakes, entrant):
    refused = entrant(sweepstakes).enter(agreed=False, expect=400)
    assert refused["code"] == "rules_consent"
    assert _stored() == (0, 0)


def test_a_guest_is_asked_to_sign_in_and_nothing_is_kept(app, sweepstakes, entrant):
    fan = entrant(sweepstakes)
    db.session.get(User, fan.fan.user_id).email = None
    db.session.commit()
    assert fan.enter(expect=401)["code"] == "sign_in"
    assert _stored() == (0, 0)


def test_once_means_once(any_app, sweepstakes, entrant):
    fan = entrant(sweepstakes)
    fan.enter()
    refused = fan.enter(expect=409)
    assert refused == {
        "error": "You have already entered this sweepstakes.",
        "code": "already_entered",
    }
    assert _stored() == (1, 1)


def test_once_a_day_means_once_per_calendar_day(app, brand, entrant, clock):
    campaign = live_sweepstakes(brand, clock.now(), frequency="daily")
    fan = entrant(campaign)
    assert fan.enter()["entries"] == 1
    assert fan.enter(expect=409)["error"].startswith("You have already entered today.")
    clock.advance(days=1)
    assert fan.enter()["entries"] == 2
    assert fan.enter(born="1991-01-01", expect=409)["code"] == "details_changed"
    assert _stored() == (1, 2)


def test_bonus_entries_come_from_referrals_shares_and_the_linked_quiz_each_capped(
    any_app, brand, entrant, clock
):
    quiz = make_campaign(brand, "coffee-quiz")
    campaign = live_sweepstakes(
        brand,
        clock.now(),
        bonus_referral_cap=2,
        bonus_share_cap=1,
        bonus_quiz_cap=1,
        linked_quiz="coffee-quiz",
    )
    fan = entrant(campaign)
    clock.advance(hours=1)
    for n in range(3):
        record(fan.fan, "referral_joined", key=f"r{n}", at=clock.now())
    for n in range(2):
        record(fan.fan, "share_visit", key=f"s{n}", at=clock.now())
    record(fan.fan, "quiz_completed", campaign=quiz, key="q", at=clock.now())
    # Before the sweepstakes opened: earns nothing here.
    record(fan.fan, "referral_joined", key="early", at=clock.now() - timedelta(days=3))
    db.session.commit()
    assert fan.enter()["entries"] == 1 + 2 + 1 + 1
    other = entrant(campaign)
    record(other.fan, "quiz_completed", campaign=make_campaign(brand, "other"), key="x")
    db.session.commit()
    assert other.enter()["entries"] == 1


def test_a_leap_day_birthday_comes_of_age_on_the_first_of_march():
    born = date(2008, 2, 29)
    assert age_on(born, date(2026, 2, 28)) == 17
    assert age_on(born, date(2026, 3, 1)) == 18
    assert age_on(born, date(2028, 2, 29)) == 20


def test_the_campaign_page_is_the_entry_form(app, sweepstakes, entrant):
    page = entrant(sweepstakes).get("/e/acme/win").get_data(as_text=True)
    assert 'data-role="entry"' in page
    assert "I have read and agree to the official rules." in page
    assert '<option value="BE"' in page and '<option value="FR"' in page
