"""Sweepstakes winners in the console: the claim form, fulfilment, forfeit and verifiable redraw."""

import re
from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import func, select

from app.extensions import db
from app.identity.fan_session import SESSION_KEY
from app.models import StaffAccess
from app.models.winners import Winner
from contests.sweepstakes import drawing, services
from tests.factories import make_fan
from tests.games.conftest import Browser
from tests.outbox import body_of, messages

WINNERS = "/console/acme/winners/"
FORM_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
ADDRESS = {
    "name": "Zoé Martin",
    "email": "zoe@example.com",
    "phone": "+33 6 12 34 56 78",
    "address": "3 rue des Lilas",
    "postcode": "75011",
    "city": "Paris",
    "country": "France",
}


@pytest.fixture
def drawn(sweepstakes, clock):
    """A closed sweepstakes with six entrants, drawn: two winners, two alternates."""
    fans = []
    for _ in range(6):
        fan = make_fan(sweepstakes.brand)
        services.enter(
            sweepstakes, fan, date_of_birth="1990-01-01", country="FR", agreed=True, now=clock.now()
        )
        fans.append(fan)
    db.session.commit()
    clock.advance(days=8)
    drawing.make_draw(sweepstakes, now=clock.now())
    db.session.commit()
    return sweepstakes


def _fan_browser(fan) -> Browser:
    app = current_app._get_current_object()
    app.test_client_class = Browser
    browser = app.test_client()
    with browser.session_transaction("/e/acme") as session:
        session[SESSION_KEY] = fan.user_id
    return browser


def _winners():
    return db.session.scalars(select(Winner).order_by(Winner.id)).all()


def _claim(browser, winner, data):
    url = f"/e/acme/win/claim/{winner.id}"
    page = browser.get(url).get_data(as_text=True)
    return browser.post(url, data={"csrf_token": FORM_CSRF.search(page)[1], **data})


def test_the_winners_page_lists_the_draws_winners_and_only_the_winner_can_claim(
    any_app, drawn, staff, clock
):
    owner = staff("owner")
    page = owner.get(WINNERS).get_data(as_text=True)
    winners = _winners()
    assert [w.public_code for w in winners] == drawing.published(drawn).picks[:2]
    for winner in winners:
        assert winner.public_code in page
        assert winner.status == "pending"
    assert "Not claimed yet" in page

    first = winners[0]
    stranger = _fan_browser(make_fan(drawn.brand))
    db.session.commit()
    refused = stranger.get(f"/e/acme/win/claim/{first.id}").get_data(as_text=True)
    assert "Sign in with the account you entered with" in refused
    assert 'name="address"' not in refused

    winner_browser = _fan_browser(first.fan)
    form = winner_browser.get(f"/e/acme/win/claim/{first.id}").get_data(as_text=True)
    assert f'value="{first.fan.user.email}"' in form
    incomplete = _claim(winner_browser, first, {**ADDRESS, "city": "", "email": "not an email"})
    assert incomplete.status_code == 400
    text = incomplete.get_data(as_text=True)
    assert "Write your city." in text and "Write an email address we can reach you at." in text
    db.session.refresh(first)
    assert first.contact == {} and first.status == "pending"

    done = _claim(winner_browser, first, ADDRESS)
    assert done.status_code == 200
    assert "we have your details" in done.get_data(as_text=True)
    db.session.refresh(first)
    assert first.status == "claimed" and first.contact["city"] == "Paris"

    page = owner.get(WINNERS).get_data(as_text=True)
    assert "3 rue des Lilas" in page and "Zoé Martin" in page
    logged = db.session.scalar(
        select(func.count()).where(
            StaffAccess.what == "contact", StaffAccess.fan_id == first.fan_id
        )
    )
    assert logged >= 1


def test_an_analyst_sees_the_winners_but_not_their_contact_details(drawn, staff):
    owner = staff("owner")
    owner.get(WINNERS)
    first = _winners()[0]
    _claim(_fan_browser(first.fan), first, ADDRESS)
    analyst = staff("analyst")
    page = analyst.get(WINNERS).get_data(as_text=True)
    assert first.public_code in page
    assert "3 rue des Lilas" not in page and "zoe@example.com" not in page
    assert "does not show winners' contact details" in page
    csv = analyst.submit(
        "/console/acme/export/new/winners", {"campaign": ""}, page=WINNERS
    ).get_data(as_text=True)
    assert first.public_code in csv and "Lilas" not in csv
    refused = analyst.submit(
        f"{WINNERS}{first.id}", {"status": "shipped", "notes": ""}, page=WINNERS
    )
    assert refused.status_code == 403


def test_a_claim_after_the_deadline_is_refused(drawn, staff, clock):
    owner = staff("owner")
    owner.get(WINNERS)
    first = _winners()[0]
    assert first.claim_deadline is None
    clock.advance(days=30)
    owner.submit(f"{WINNERS}{first.id}/claim-email", page=WINNERS)
    db.session.refresh(first)
    assert first.claim_deadline == clock.now() + timedelta(days=14)
    clock.advance(days=15)
    browser = _fan_browser(first.fan)
    page = browser.get(f"/e/acme/win/claim/{first.id}").get_data(as_text=True)
    assert "The deadline to claim this prize has passed." in page
    db.session.refresh(first)
    assert first.claimed_at is None


def test_the_claim_link_is_emailed_and_the_winner_marked_contacted(drawn, staff):
    owner = staff("owner")
    owner.get(WINNERS)
    first = _winners()[0]
    sent = owner.submit(f"{WINNERS}{first.id}/claim-email", page=WINNERS)
    assert sent.status_code == 302
    db.session.refresh(first)
    assert first.status == "contacted"
    (message,) = messages(to=first.fan.user.email)
    assert f"/e/acme/win/claim/{first.id}" in body_of(message)


def test_a_forfeited_winner_is_replaced_by_the_next_alternate_verifiably(any_app, drawn, staff):
    owner = staff("owner")
    owner.get(WINNERS)
    first, second = _winners()
    alternate = drawing.published(drawn).picks[2]

    too_early = owner.submit(f"{WINNERS}{first.id}/redraw", page=WINNERS, follow_redirects=True)
    assert "Mark the winner as forfeited" in too_early.get_data(as_text=True)

    saved = owner.submit(
        f"{WINNERS}{first.id}",
        {"status": "forfeited", "notes": "No answer to two emails and a call."},
        page=WINNERS,
    )
    assert saved.status_code == 302
    owner.submit(f"{WINNERS}{first.id}/redraw", page=WINNERS)

    db.session.expire_all()
    codes = [(w.public_code, w.status, w.replaced_at is not None) for w in _winners()]
    assert codes == [
        (first.public_code, "forfeited", True),
        (second.public_code, "pending", False),
        (alternate, "pending", False),
    ]
    published = drawing.published(drawn)
    assert published.redraws == [first.public_code]
    result = any_app.test_cli_runner().invoke(args=["contests", "verify-draw", "acme/win"])
    assert "MATCH" in result.output
    page = owner.get(WINNERS).get_data(as_text=True)
    assert "Replaced by the next alternate" in page


def test_a_redraw_from_the_draw_panel_closes_the_replaced_winners_record(drawn, staff, clock):
    owner = staff("owner")
    owner.get(WINNERS)
    first, _second = _winners()
    drawing.redraw(drawn, first.public_code, "Did not answer.", now=clock.now())
    db.session.commit()
    owner.get(WINNERS)
    db.session.expire_all()
    statuses = [(w.status, w.replaced_at is not None) for w in _winners()]
    assert statuses == [("forfeited", True), ("pending", False), ("pending", False)]


def test_a_winners_account_email_on_the_page_is_a_logged_view(drawn, staff):
    owner = staff("owner")
    page = owner.get(WINNERS).get_data(as_text=True)
    first = _winners()[0]
    assert first.contact == {} and first.fan.user.email in page
    logged = db.session.scalar(
        select(func.count()).where(
            StaffAccess.what == "contact", StaffAccess.fan_id == first.fan_id
        )
    )
    assert logged == 1
