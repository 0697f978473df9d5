"""The console builds a sweepstakes; going live publishes frozen rules and a seed commitment."""

import hashlib
import html
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.extensions import db
from app.models import Campaign
from contests.sweepstakes import seeds
from contests.sweepstakes.models import SweepstakesSeal
from tests.contests.sweepstakes.conftest import RULES
from tests.games.conftest import Browser

BASE = "/console/acme/campaigns"
KIND = "contest.sweepstakes"


def _form(clock, **changes) -> dict:
    local = clock.now().astimezone(ZoneInfo("Europe/Brussels"))
    fields = {
        **RULES,
        "countries": "fr, be",
        "title": "Win a coffee machine",
        "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (local + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "bonus_referral_cap": 0,
        "bonus_share_cap": 0,
        "bonus_quiz_cap": 0,
        "linked_quiz": "",
    }
    return {**fields, **changes}


def _create(owner) -> tuple[Campaign, str]:
    response = owner.submit(
        f"{BASE}/new",
        {"kind": KIND, "title": "Win a coffee machine", "slug": "win"},
        page=f"{BASE}/new",
    )
    assert response.status_code == 302
    campaign = db.session.scalar(select(Campaign).where(Campaign.slug == "win"))
    return campaign, f"{BASE}/{campaign.id}"


def test_going_live_needs_every_official_rules_field(app, brand, staff, clock):
    owner = staff("owner")
    campaign, edit = _create(owner)
    owner.submit(edit, _form(clock, sponsor_name="", privacy=""), page=edit)
    response = owner.submit(f"{edit}/status", {"status": "live"}, page=edit)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The official rules need the sponsor&#39;s name." in page
    assert "The official rules need the privacy notice." in page
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).status == "draft"
    assert db.session.get(SweepstakesSeal, campaign.id) is None


def test_the_rules_page_is_written_from_the_fields_and_its_hash_is_published(
    app, brand, staff, clock
):
    owner = staff("owner")
    _, edit = _create(owner)
    saved = owner.submit(edit, _form(clock), page=edit, follow_redirects=True)
    assert "Settings saved." in saved.get_data(as_text=True)
    assert owner.submit(f"{edit}/status", {"status": "live"}, page=edit).status_code == 302

    page = owner.get("/e/acme/win/sweepstakes/rules").get_data(as_text=True)
    rules_text = html.unescape(re.search(r'<pre[^>]*data-role="rules">(.*?)</pre>', page, re.S)[1])
    for expected in (
        "NO PURCHASE NECESSARY",
        "Acme Coffee SA\n1 Roast Street, Brussels",
        "aged 18 or over on the day they enter, living in BE, FR",
        "one entry per person.",
        "5. Free method of entry\nSend a postcard to the sponsor's address.",
        "A coffee machine\nApproximate value: EUR 400",
        "The odds of winning depend on the number of eligible entries",
        "2 winners and 2 alternates are drawn at random",
        "9. How winners are notified\nWinners are emailed within a week.",
        "10. Privacy\nEntries are deleted after the draw.",
        "11. Additional rules\nStaff may not enter.",
    ):
        assert expected in rules_text
    published = re.search(r'data-role="rules-hash">([0-9a-f]{64})<', page)[1]
    assert hashlib.sha256(rules_text.encode()).hexdigest() == published


def test_live_rules_are_frozen_and_an_edit_is_refused(app, brand, staff, clock):
    owner = staff("owner")
    campaign, edit = _create(owner)
    owner.submit(edit, _form(clock), page=edit)
    owner.submit(f"{edit}/status", {"status": "live"}, page=edit)
    response = owner.submit(edit, _form(clock, prizes="A paper cup", title="Changed"), page=edit)
    assert response.status_code == 409
    assert "its official rules are frozen" in response.get_data(as_text=True)
    db.session.expire_all()
    campaign = db.session.get(Campaign, campaign.id)
    assert campaign.settings["prizes"] == "A coffee machine" and campaign.title != "Changed"
    seal = db.session.get(SweepstakesSeal, campaign.id)
    assert "A coffee machine" in seal.rules_text and "paper cup" not in seal.rules_text


def test_the_commitment_is_public_before_entries_close_but_the_seed_is_not(
    app, brand, sweepstakes, clock
):
    seal = db.session.get(SweepstakesSeal, sweepstakes.id)
    seed = seeds.unseal(seal.sealed_seed)
    assert hashlib.sha256(bytes.fromhex(seed)).hexdigest() == seal.commitment
    app.test_client_class = Browser
    page = app.test_client().get("/e/acme/win/sweepstakes/draw").get_data(as_text=True)
    assert seal.commitment in page and seal.rules_hash in page
    assert "The winners have not been drawn yet." in page
    assert seed not in page and seed not in seal.sealed_seed
    data = app.test_client().get("/e/acme/win/sweepstakes/draw.json").get_json()
    assert data == {
        "commitment": seal.commitment,
        "rules_hash": seal.rules_hash,
        "published_at": seal.published_at.isoformat(),
        "drawn": False,
    }


def test_an_analyst_cannot_build_or_draw(app, brand, sweepstakes, staff):
    analyst = staff("analyst")
    assert analyst.get(f"{BASE}/{sweepstakes.id}").status_code == 403
    assert analyst.get(f"{BASE}/new").status_code == 403


def test_a_title_too_long_for_the_column_is_refused_with_a_reason(any_app, brand, staff, clock):
    owner = staff("owner")
    long_title = "Win " * 60
    new = owner.submit(
        f"{BASE}/new", {"kind": KIND, "title": long_title, "slug": "win"}, page=f"{BASE}/new"
    )
    assert new.status_code == 400
    assert "at most 200 characters" in new.get_data(as_text=True)
    campaign, edit = _create(owner)
    response = owner.submit(edit, _form(clock, title=long_title), page=edit)
    assert response.status_code == 400
    assert "at most 200 characters" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).title == "Win a coffee machine"


def test_a_taken_or_malformed_address_is_refused_with_a_reason(any_app, brand, staff, clock):
    owner = staff("owner")
    _create(owner)
    for slug, reason in (
        ("win", "Another campaign already uses the address &#39;win&#39;."),
        ("Win Big!", "The address may hold lowercase letters, digits and dashes only."),
    ):
        form = {"kind": KIND, "title": "Again", "slug": slug}
        page = owner.submit(f"{BASE}/new", form, page=f"{BASE}/new")
        assert page.status_code == 400
        assert reason in page.get_data(as_text=True)
    assert db.session.scalars(select(Campaign.title)).all() == ["Win a coffee machine"]


def test_a_live_sweepstakes_only_closes_and_a_closed_one_never_reopens(app, brand, staff, clock):
    owner = staff("owner")
    campaign, edit = _create(owner)
    owner.submit(edit, _form(clock), page=edit)
    owner.submit(f"{edit}/status", {"status": "live"}, page=edit)
    live = owner.get(edit).get_data(as_text=True)
    assert 'value="closed"' in live and "Back to draft" not in live and "Go live" not in live
    closed = owner.submit(f"{edit}/status", {"status": "closed"}, page=edit, follow_redirects=True)
    page = closed.get_data(as_text=True)
    assert "The campaign is closed: fans can no longer take part." in page
    assert "Reopen" not in page and 'value="archived"' in page
    reopen = owner.submit(f"{edit}/status", {"status": "live"}, page=edit)
    assert reopen.status_code == 400
    assert "Entries of a sweepstakes cannot reopen once closed." in reopen.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).status == "closed"
