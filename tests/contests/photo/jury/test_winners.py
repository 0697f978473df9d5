"""Winners: by votes, by the jury, or a blend; fraud held out and restored; ties; publishing."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Campaign, EngagementEvent
from contests.photo.jury_models import ContestWinner
from contests.photo.winner_rules import settings_problems
from tests.contests.photo.jury.pages import ranking, score, seat


def standings(manager, contest) -> str:
    response = manager.get(f"{contest.url}/winners")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def set_rules(manager, contest, *, expect: int = 302, **rules):
    url = f"{contest.url}/winners"
    form = {"winner_method": "votes", "jury_weight": "0.5", "min_jurors": "1", "winners_count": "1"}
    response = manager.submit(f"{url}/rules", {**form, **rules}, page=url)
    assert response.status_code == expect, response.get_data(as_text=True)
    return response


def jury_of(contest, manager, size: int) -> list:
    jurors = [contest.staff("moderator") for _ in range(size)]
    for juror in jurors:
        seat(manager, contest, juror)
    return jurors


def test_votes_rank_entries_and_flagged_voters_do_not_count(contest):
    manager = contest.staff()
    first, second = contest.entry(contest.fan()), contest.entry(contest.fan())
    contest.votes(first, 2)
    contest.votes(second, 3)
    flagged_voters = contest.votes(first, 2)
    for voter in flagged_voters:
        voter.fraud_flagged = True
    db.session.commit()

    assert ranking(standings(manager, contest)) == [second.id, first.id]

    # A moderator clears them: their votes count again, exactly.
    for voter in flagged_voters:
        voter.fraud_flagged = False
    db.session.commit()
    assert ranking(standings(manager, contest)) == [first.id, second.id]


def test_entries_of_flagged_fans_are_held_out_until_cleared(contest):
    manager = contest.staff()
    cheat = contest.fan("Cheat")
    top, other = contest.entry(cheat), contest.entry(contest.fan())
    contest.votes(top, 5)
    contest.votes(other, 1)
    cheat.fraud_flagged = True
    db.session.commit()

    page = standings(manager, contest)
    assert ranking(page) == [other.id]
    assert "flagged for fraud until a moderator clears them" in page

    cheat.fraud_flagged = False
    db.session.commit()
    assert ranking(standings(manager, contest)) == [top.id, other.id]


def test_the_jury_ranks_entries_with_enough_scores(contest):
    manager = contest.staff()
    one, two, three = jury_of(contest, manager, 3)
    liked, loved, lonely = (contest.entry(contest.fan()) for _ in range(3))
    contest.votes(liked, 4)
    for juror, value in ((one, 4), (two, 4), (three, 3)):
        score(juror, contest, liked, value)
    for juror, value in ((one, 5), (two, 4)):
        score(juror, contest, loved, value)
    score(one, contest, lonely, 5)

    set_rules(manager, contest, winner_method="jury", min_jurors="2")
    page = standings(manager, contest)
    # loved: mean 4.5 over 2 jurors; liked: 3.67 over 3; lonely has 1 score of the 2 needed.
    assert ranking(page) == [loved.id, liked.id]
    assert "Needs 2 jury scores to be ranked; has 1." in page


def test_a_household_score_given_before_declaring_is_not_counted(contest):
    manager = contest.staff()
    (juror,) = jury_of(contest, manager, 1)
    partner = contest.fan(email="partner@example.com")
    theirs, others = contest.entry(partner), contest.entry(contest.fan())
    score(juror, contest, theirs, 5)
    score(juror, contest, others, 2)
    set_rules(manager, contest, winner_method="jury")
    assert ranking(standings(manager, contest)) == [theirs.id, others.id]

    page = f"{contest.url}/scoring"
    juror.submit(f"{contest.url}/household", {"email": "partner@example.com"}, page=page)
    assert ranking(standings(manager, contest)) == [others.id]


def test_the_blend_weighs_jury_and_votes_as_the_brand_sets(contest):
    manager = contest.staff()
    (juror,) = jury_of(contest, manager, 1)
    popular, artful = contest.entry(contest.fan()), contest.entry(contest.fan())
    contest.votes(popular, 4)
    contest.votes(artful, 1)
    score(juror, contest, popular, 2)
    score(juror, contest, artful, 5)
    # popular: jury (2-1)/4 = 0.25, votes 4/4 = 1; artful: jury 1, votes 1/4 = 0.25.
    set_rules(manager, contest, winner_method="blend", jury_weight="0.3")
    page = standings(manager, contest)
    assert ranking(page) == [popular.id, artful.id]
    assert "0.775" in page  # 0.3 * 0.25 + 0.7 * 1
    set_rules(manager, contest, winner_method="blend", jury_weight="0.7")
    assert ranking(standings(manager, contest)) == [artful.id, popular.id]


def test_ties_break_by_votes_then_by_who_entered_first(contest):
    manager = contest.staff()
    one, two = jury_of(contest, manager, 2)
    early, late, voted = (contest.entry(contest.fan()) for _ in range(3))
    contest.votes(voted, 1)
    for entry in (early, late, voted):
        score(one, contest, entry, 4)
        score(two, contest, entry, 3)
    set_rules(manager, contest, winner_method="jury")
    page = standings(manager, contest)
    assert ranking(page) == [voted.id, early.id, late.id]
    assert "Same score as #1; below it with fewer public votes." in page
    assert "Same score as #2; below it for entering later." in page
    assert "ranked by more public votes, then by who entered first" in page


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("winner_method", "lottery", "by &#39;votes&#39;, &#39;jury&#39; or &#39;blend&#39;"),
        ("jury_weight", "1.5", "a number from 0 to 1"),
        ("jury_weight", "lots", "a number from 0 to 1"),
        ("min_jurors", "0", "jury scores an entry needs is a whole number from 1 to 50"),
        ("winners_count", "2.5", "number of winners is a whole number from 1 to 100"),
    ],
)
def test_bad_rules_are_refused_and_nothing_changes(contest, field, value, message):
    manager = contest.staff()
    before = dict(contest.campaign.settings)
    response = set_rules(manager, contest, expect=422, **{field: value})
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Campaign, contest.campaign.id).settings == before


def test_rules_are_saved_beside_the_contest_settings(contest):
    manager = contest.staff()
    set_rules(manager, contest, winner_method="blend", jury_weight="0.6", winners_count="3")
    db.session.expire_all()
    saved = db.session.get(Campaign, contest.campaign.id).settings
    assert saved["vote_rule"] == "once"
    assert (saved["winner_method"], saved["jury_weight"], saved["winners_count"]) == (
        "blend",
        0.6,
        3,
    )
    assert settings_problems(saved) == []
    assert settings_problems({"winner_method": "coin", "min_jurors": True}) == [
        "Winners are chosen by 'votes', 'jury' or 'blend'.",
        "The jury scores an entry needs is a whole number from 1 to 50.",
    ]


def test_publishing_freezes_the_winners_credits_them_and_ends_scoring(contest):
    manager = contest.staff()
    (juror,) = jury_of(contest, manager, 1)
    gold, silver, bronze = (contest.entry(contest.fan()) for _ in range(3))
    contest.votes(gold, 3)
    contest.votes(silver, 2)
    contest.votes(bronze, 1)
    score(juror, contest, bronze, 4)
    set_rules(manager, contest, winners_count="2")
    url = f"{contest.url}/winners"

    live = manager.submit(f"{url}/publish", page=url)
    assert live.status_code == 422
    assert "Close the contest before publishing" in live.get_data(as_text=True)
    assert db.session.scalar(select(ContestWinner)) is None

    contest.close()
    assert manager.submit(f"{url}/publish", page=url).status_code == 302
    page = standings(manager, contest)
    assert "Published winners" in page and ranking(page) == [gold.id, silver.id]
    won = db.session.scalars(select(EngagementEvent).where(EngagementEvent.type == "contest_won"))
    assert sorted(event.fan_id for event in won) == sorted([gold.fan_id, silver.fan_id])

    again = manager.submit(f"{url}/publish", page=url)
    assert again.status_code == 422
    assert "already published" in again.get_data(as_text=True)
    assert len(db.session.scalars(select(ContestWinner)).all()) == 2

    # The jury's work is final: no new or changed scores.
    refused = score(juror, contest, bronze, 1, expect=422)
    assert "the jury&#39;s work is final" in refused.get_data(as_text=True)
    assert "your scores are final" in juror.get(f"{contest.url}/scoring").get_data(as_text=True)
    # Flagging a winner afterwards does not unpublish them.
    db.session.get(type(gold), gold.id).fan.fraud_flagged = True
    db.session.commit()
    assert ranking(standings(manager, contest)) == [gold.id, silver.id]


def test_nothing_to_publish_is_a_clear_error(contest):
    manager = contest.staff()
    contest.entry(contest.fan())
    set_rules(manager, contest, winner_method="jury")
    contest.close()
    url = f"{contest.url}/winners"
    response = manager.submit(f"{url}/publish", page=url)
    assert response.status_code == 422
    assert "No entry can win yet" in response.get_data(as_text=True)
