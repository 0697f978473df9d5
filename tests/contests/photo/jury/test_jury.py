"""The jury: seating jurors, blind scoring, conflicts of interest, and what the database holds."""

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Campaign, FanProfile
from contests.photo.jury_models import HouseholdMember, Juror, JuryScore
from tests.contests.photo.jury.pages import score, seat


def scores_of(juror_browser) -> dict[int, int]:
    db.session.expire_all()
    rows = db.session.execute(
        select(JuryScore.entry_id, JuryScore.score)
        .join(Juror, Juror.id == JuryScore.juror_id)
        .where(Juror.user_id == juror_browser.user.id)
    )
    return {entry_id: value for entry_id, value in rows}


def test_a_manager_seats_team_members_only(contest):
    manager, juror = contest.staff("manager"), contest.staff("moderator")
    page = manager.get(f"{contest.url}/jurors").get_data(as_text=True)
    assert "Nobody is on the jury yet." in page and juror.user.email in page

    seat(manager, contest, juror)
    page = manager.get(f"{contest.url}/jurors").get_data(as_text=True)
    assert f'data-juror="{juror.user.email}"' in page

    url = f"{contest.url}/jurors"
    again = manager.submit(url, {"user_id": juror.user.id}, page=url)
    assert again.status_code == 422
    assert "already on the jury" in again.get_data(as_text=True)
    outsider = contest.fan("Outsider")
    refused = manager.submit(url, {"user_id": outsider.user_id}, page=url)
    assert refused.status_code == 422
    assert "Only members of the brand" in refused.get_data(as_text=True)
    assert db.session.scalar(select(Juror.user_id)) == juror.user.id
    assert len(db.session.scalars(select(Juror)).all()) == 1


def test_seating_and_winners_need_the_campaigns_permission(contest):
    analyst = contest.staff("analyst")
    assert analyst.get(f"{contest.url}/jurors").status_code == 403
    assert analyst.get(f"{contest.url}/winners").status_code == 403
    # Somebody else's contest number looks like none at all.
    assert contest.staff("owner").get("/console/acme/photo-contests/999/jurors").status_code == 404


def test_only_jurors_reach_the_scoring_queue(contest):
    manager, juror, other = contest.staff(), contest.staff("analyst"), contest.staff("analyst")
    seat(manager, contest, juror)
    assert other.get(f"{contest.url}/scoring").status_code == 403
    assert juror.get(f"{contest.url}/scoring").status_code == 200
    assert "Summer photos" in juror.get("/console/acme/photo-contests/jury").get_data(as_text=True)
    assert "not on the jury" in other.get("/console/acme/photo-contests/jury").get_data(
        as_text=True
    )


def test_the_queue_is_blind_and_skips_conflicts(contest):
    manager, juror = contest.staff(), contest.staff("moderator")
    seat(manager, contest, juror)
    stranger = contest.fan("Zebulon Stranger")
    partner = contest.fan("Penelope Partner", email="partner@example.com")
    visible = contest.entry(stranger, caption="Sunset at the pier")
    contest.votes(visible, 3)
    pending = contest.entry(contest.fan(), status="pending")
    rejected = contest.entry(contest.fan(), status="rejected")
    own_profile = FanProfile(
        brand_id=contest.brand.id, user_id=juror.user.id, referral_code="juror-own"
    )
    db.session.add(own_profile)
    db.session.commit()
    own = contest.entry(own_profile)
    partners = contest.entry(partner)

    page = juror.get(f"{contest.url}/scoring").get_data(as_text=True)
    assert f'data-entry="{visible.id}"' in page and "Sunset at the pier" in page
    assert f'data-entry="{partners.id}"' in page
    for hidden in (pending, rejected, own):
        assert f'data-entry="{hidden.id}"' not in page
    # Blind: nowhere on the page an author's name, nor anything about votes in the queue.
    queue = page[page.index('<ol class="scoring">') : page.index("</ol>")]
    assert "Zebulon" not in page and "Penelope" not in page and "vote" not in queue.lower()

    url = f"{contest.url}/household"
    declared = juror.submit(url, {"email": " Partner@Example.com "}, page=f"{contest.url}/scoring")
    assert declared.status_code == 302
    page = juror.get(f"{contest.url}/scoring").get_data(as_text=True)
    assert "partner@example.com" in page
    assert f'data-entry="{partners.id}"' not in page

    # A conflict is refused even when posted by hand.
    for entry in (own, partners, pending):
        response = score(juror, contest, entry, 5, expect=422)
        assert "not one you can score" in response.get_data(as_text=True)
    assert scores_of(juror) == {}


def test_household_declarations_are_checked(contest):
    manager, juror = contest.staff(), contest.staff("moderator")
    seat(manager, contest, juror)
    page, url = f"{contest.url}/scoring", f"{contest.url}/household"
    for email, message in [
        ("not-an-email", "Enter the email address"),
        (juror.user.email.upper(), "your own email"),
    ]:
        response = juror.submit(url, {"email": email}, page=page)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    assert juror.submit(url, {"email": "kid@example.com"}, page=page).status_code == 302
    again = juror.submit(url, {"email": "kid@example.com"}, page=page)
    assert again.status_code == 422 and "already declared" in again.get_data(as_text=True)
    member = db.session.scalar(select(HouseholdMember))
    removed = juror.submit(f"{url}/{member.id}/remove", page=page)
    assert removed.status_code == 302
    assert db.session.scalar(select(HouseholdMember)) is None


def test_a_juror_scores_once_per_entry_and_may_change_it(contest):
    manager, juror = contest.staff(), contest.staff("moderator")
    seat(manager, contest, juror)
    first, second = contest.entry(contest.fan()), contest.entry(contest.fan())

    score(juror, contest, first, 4)
    page = juror.get(f"{contest.url}/scoring").get_data(as_text=True)
    # Unscored entries come first.
    assert page.index(f'data-entry="{second.id}"') < page.index(f'data-entry="{first.id}"')
    assert f'data-entry="{first.id}" data-score="4"' in page
    score(juror, contest, first, 2)
    assert scores_of(juror) == {first.id: 2}

    for bad in ("0", "6", "four", ""):
        response = score(juror, contest, second, bad, expect=422)
        assert "Pick a score from 1 to 5" in response.get_data(as_text=True)
    assert scores_of(juror) == {first.id: 2}


def test_entries_of_another_contest_cannot_be_scored(contest):
    manager, juror = contest.staff(), contest.staff("moderator")
    seat(manager, contest, juror)
    elsewhere = Campaign(
        brand_id=contest.brand.id, kind=contest.campaign.kind, slug="other", title="Other"
    )
    db.session.add(elsewhere)
    db.session.commit()
    foreign = contest.entry(contest.fan())
    foreign.campaign_id = elsewhere.id
    db.session.commit()
    score(juror, contest, foreign, 3, expect=422)
    assert scores_of(juror) == {}


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda row, other: setattr(row, "score", 6), id="score-above-5"),
        pytest.param(lambda row, other: setattr(row, "score", 0), id="score-below-1"),
        pytest.param(lambda row, other: setattr(row, "campaign_id", other.id), id="cross-contest"),
    ],
)
def test_scores_are_held_by_constraints(contest, change):
    manager, juror = contest.staff(), contest.staff("moderator")
    seat(manager, contest, juror)
    entry = contest.entry(contest.fan())
    other = Campaign(brand_id=contest.brand.id, kind="contest.photo", slug="other", title="O")
    db.session.add(other)
    db.session.commit()
    seat_row = db.session.scalar(select(Juror))
    row = JuryScore(
        campaign_id=contest.campaign.id, juror_id=seat_row.id, entry_id=entry.id, score=3
    )
    change(row, other)
    db.session.add(row)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_a_second_score_row_for_the_same_entry_is_refused(contest):
    manager, juror = contest.staff(), contest.staff("moderator")
    seat(manager, contest, juror)
    entry = contest.entry(contest.fan())
    score(juror, contest, entry, 3)
    seat_row = db.session.scalar(select(Juror))
    db.session.add(
        JuryScore(campaign_id=contest.campaign.id, juror_id=seat_row.id, entry_id=entry.id, score=1)
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_removing_a_juror_removes_their_scores(contest):
    manager, juror = contest.staff(), contest.staff("moderator")
    seat(manager, contest, juror)
    score(juror, contest, contest.entry(contest.fan()), 5)
    seat_row = db.session.scalar(select(Juror))
    url = f"{contest.url}/jurors"
    assert manager.submit(f"{url}/{seat_row.id}/remove", page=url).status_code == 302
    assert db.session.scalar(select(JuryScore)) is None
    assert juror.get(f"{contest.url}/scoring").status_code == 403


def test_absurd_ids_in_the_jury_forms_are_refused_not_a_crash(contest):
    manager, juror = contest.staff("manager"), contest.staff("moderator")
    huge = "9" * 30
    url = f"{contest.url}/jurors"
    assert manager.submit(url, {"user_id": huge}, page=url).status_code == 422
    assert manager.submit(f"{url}/{huge}/remove", page=url).status_code == 404
    seat(manager, contest, juror)
    scoring = f"{contest.url}/scoring"
    refused = juror.submit(scoring, {"entry_id": huge, "score": 3}, page=scoring)
    assert refused.status_code == 422
    assert juror.submit(f"{contest.url}/household/{huge}/remove", page=scoring).status_code == 404
