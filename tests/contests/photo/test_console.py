"""Building a photo contest in the console: create, rules, status; rules the brand sets."""

from sqlalchemy import select

from app.campaigns import get_kind
from app.extensions import db
from app.models import Campaign

NEW = "/console/acme/campaigns/new"


def create(owner, slug: str = "summer"):
    return owner.submit(
        NEW, {"kind": "contest.photo", "title": "Summer shots", "slug": slug}, page=NEW
    )


def test_an_owner_creates_a_draft_contest_and_sets_its_rules(brand, staff):
    owner = staff()
    assert "Photo contest" in owner.get("/console/acme/").get_data(as_text=True)
    response = create(owner)
    assert response.status_code == 302
    campaign = db.session.scalars(select(Campaign)).one()
    assert (campaign.kind, campaign.status) == ("contest.photo", "draft")
    edit = response.headers["Location"]
    form = {
        "title": "Summer shots",
        "rules_text": "One photo a day",
        "moderation": "post",
        "vote_rule": "once",
        "max_votes_per_day": "5",
        "max_entries_per_fan": "2",
        "voting_starts_at": "2026-06-01T09:00",
        "voting_ends_at": "2026-06-30T18:00",
        "fields": "city: Your city *\ncafe: Favourite café",
    }
    page = owner.submit(edit, form, page=edit, follow_redirects=True)
    assert "Settings saved." in page.get_data(as_text=True)
    db.session.refresh(campaign)
    assert campaign.settings["moderation"] == "post"
    assert campaign.settings["voting_starts_at"].startswith("2026-06-01T09:00")
    assert campaign.settings["fields"] == [
        {"key": "city", "label": "Your city", "required": True},
        {"key": "cafe", "label": "Favourite café", "required": False},
    ]
    page = owner.submit(f"{edit}/status", {"status": "live"}, page=edit, follow_redirects=True)
    assert "The campaign is live." in page.get_data(as_text=True)


def test_bad_rules_are_refused_as_a_whole(brand, staff):
    owner = staff()
    edit = create(owner).headers["Location"]
    form = {
        "title": "Changed",
        "max_votes_per_day": "0",
        "voting_starts_at": "2026-06-30T09:00",
        "voting_ends_at": "2026-06-01T09:00",
        "fields": "Bad Key: x",
    }
    page = owner.submit(edit, form, page=edit, follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "The votes per fan per day must be a whole number from 1 to 1000." in text
    assert "Voting must end after it starts." in text
    assert "Each entry field needs a key" in text
    assert db.session.scalars(select(Campaign.title)).one() == "Summer shots"


def test_a_taken_address_is_refused(brand, staff):
    owner = staff()
    create(owner)
    page = create(owner).get_data(as_text=True)
    assert "Another campaign already uses the address" in page


def test_moderators_cannot_build_contests(brand, staff):
    assert staff("moderator").get(NEW).status_code == 403


def test_settings_accept_the_jury_keys_and_name_unknown_ones(app):
    kind = get_kind("contest.photo")
    assert kind.validate_settings({"winner_method": "jury", "winners_count": 3}) == []
    assert kind.validate_settings({"colour": "red"}) == ["Unknown photo contest settings: colour."]


def test_bad_winner_settings_stop_a_contest_from_going_live(app):
    kind = get_kind("contest.photo")
    assert kind.validate_settings({"winner_method": "lottery", "jury_weight": 2}) == [
        "Winners are chosen by 'votes', 'jury' or 'blend'.",
        "The jury's weight is a number from 0 to 1, such as 0.6.",
    ]


def test_the_contest_page_leads_to_its_jury_and_winners(brand, staff):
    owner = staff()
    edit = create(owner).headers["Location"]
    page = owner.get(edit).get_data(as_text=True)
    campaign_id = db.session.scalars(select(Campaign.id)).one()
    for path in (f"/photo-contests/{campaign_id}/jurors", f"/photo-contests/{campaign_id}/winners"):
        assert f'href="/console/acme{path}"' in page
        assert owner.get(f"/console/acme{path}").status_code == 200
