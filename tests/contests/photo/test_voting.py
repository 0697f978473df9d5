"""Voting rules: window, once or daily, daily maximum, no self-votes, approved entries only.

Voters sign in first: only signed-in fans vote by default (guests: test_guest_votes.py).
"""

from datetime import timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.fraud import decisions
from app.models import EngagementEvent, FanProfile
from contests.photo.models import PhotoEntry, PhotoVote
from tests.contests.conftest import make_contest, photo
from tests.games.conftest import staff_user


def approved_entries(new_fan, count: int = 1):
    """Entries by fresh fans in a post-moderated contest, and their authors."""
    authors = [new_fan() for _ in range(count)]
    ids = [author.upload(photo(n))["entry"]["id"] for n, author in enumerate(authors)]
    return authors, ids


def votes() -> int:
    return db.session.scalar(select(func.count()).select_from(PhotoVote))


def test_a_vote_counts_and_pays_both_fans(brand, new_fan, clock):
    make_contest(brand, moderation="post")
    _, (entry_id,) = approved_entries(new_fan)
    voter = new_fan(signed_in=True)
    assert voter.vote(entry_id) == {"entry_id": entry_id, "vote_count": 1, "voted": True}
    shown = voter.call("gallery")["entries"][0]
    assert (shown["vote_count"], shown["voted"]) == (1, True)
    events = db.session.execute(
        select(EngagementEvent.type, EngagementEvent.ref, EngagementEvent.axis).where(
            EngagementEvent.type.in_(("vote_cast", "vote_received"))
        )
    ).all()
    assert sorted(events) == [
        ("vote_cast", f"photo_entry:{entry_id}", "participation"),
        ("vote_received", f"photo_entry:{entry_id}", "influence"),
    ]


def test_a_second_vote_the_same_day_is_refused_and_the_next_day_allowed(brand, new_fan, clock):
    make_contest(brand, moderation="post")
    _, (entry_id,) = approved_entries(new_fan)
    voter = new_fan(signed_in=True)
    voter.vote(entry_id)
    again = voter.vote(entry_id, expect=409)
    assert again == {
        "error": "You have already voted for this photo today.",
        "code": "already_voted",
    }
    clock.advance(days=1)
    assert voter.vote(entry_id)["vote_count"] == 2


def test_once_ever_means_once(brand, new_fan, clock):
    make_contest(brand, moderation="post", vote_rule="once")
    _, (entry_id,) = approved_entries(new_fan)
    voter = new_fan(signed_in=True)
    voter.vote(entry_id)
    clock.advance(days=3)
    assert voter.vote(entry_id, expect=409)["error"] == "You have already voted for this photo."
    assert votes() == 1


def test_the_daily_maximum_of_votes_holds(brand, new_fan, clock):
    make_contest(brand, moderation="post", max_votes_per_day=2, max_entries_per_fan=5)
    _, ids = approved_entries(new_fan, 3)
    voter = new_fan(signed_in=True)
    voter.vote(ids[0])
    voter.vote(ids[1])
    refused = voter.vote(ids[2], expect=429)
    assert refused["code"] == "daily_limit"
    clock.advance(days=1)
    voter.vote(ids[2])
    assert votes() == 3


def test_nobody_votes_for_their_own_photo(brand, new_fan, clock):
    make_contest(brand, moderation="post")
    (author,), (entry_id,) = approved_entries(new_fan)
    author.sign_in()  # the guest's photo becomes the signed-in fan's
    refused = author.vote(entry_id, expect=403)
    assert refused == {"error": "You cannot vote for your own photo.", "code": "own_entry"}
    assert votes() == 0


def test_votes_only_inside_the_voting_window(brand, new_fan, clock):
    opens = clock.now() + timedelta(days=1)
    closes = clock.now() + timedelta(days=2)
    make_contest(
        brand,
        moderation="post",
        voting_starts_at=opens.isoformat(),
        voting_ends_at=closes.isoformat(),
    )
    _, (entry_id,) = approved_entries(new_fan)
    voter = new_fan(signed_in=True)
    assert voter.vote(entry_id, expect=403)["error"] == "Voting has not started yet."
    clock.advance(days=1)
    voter.vote(entry_id)
    clock.advance(days=1)
    assert voter.vote(entry_id, expect=403)["error"] == "Voting has ended."
    assert votes() == 1


def test_pending_rejected_and_unknown_entries_take_no_votes(brand, contest, new_fan, clock):
    author = new_fan()
    entry_id = author.upload(photo(1))["entry"]["id"]
    voter = new_fan(signed_in=True)
    assert voter.vote(entry_id, expect=404)["code"] == "not_found"
    assert voter.vote(99999, expect=404)["code"] == "not_found"
    entry = db.session.get(PhotoEntry, entry_id)
    entry.status, entry.decision_reason = "rejected", "Blurry"
    refused = voter.vote(entry_id, expect=403)
    assert refused["code"] == "not_approved"
    assert votes() == 0


def test_a_fraud_flagged_voter_moves_nothing(brand, new_fan, clock):
    make_contest(brand, moderation="post")
    _, (entry_id,) = approved_entries(new_fan)
    voter = new_fan(signed_in=True)
    voter.vote(entry_id)  # makes the voter's profile
    db.session.execute(
        FanProfile.__table__.update()
        .where(FanProfile.id == db.session.scalar(select(PhotoVote.fan_id)))
        .values(fraud_flagged=True)
    )
    clock.advance(days=1)
    voter.vote(entry_id)
    assert db.session.get(PhotoEntry, entry_id).vote_count == 1
    assert (
        db.session.scalar(select(func.count()).where(EngagementEvent.type == "vote_received")) == 1
    )


def test_a_fraud_flagged_authors_photos_leave_the_gallery(brand, new_fan):
    make_contest(brand, moderation="post")
    _, (entry_id,) = approved_entries(new_fan)
    viewer = new_fan()
    assert len(viewer.call("gallery")["entries"]) == 1
    db.session.execute(FanProfile.__table__.update().values(fraud_flagged=True))
    assert viewer.call("gallery")["entries"] == []
    assert viewer.get(f"{viewer.base}entries/{entry_id}").status_code == 404


def test_the_gallery_sorts_by_votes_and_pages(brand, new_fan, clock):
    make_contest(brand, moderation="post", max_votes_per_day=50)
    _, ids = approved_entries(new_fan, 14)
    voter = new_fan(signed_in=True)
    voter.vote(ids[3])
    newest = voter.call("gallery")
    assert newest["has_more"] and len(newest["entries"]) == 12
    assert newest["entries"][0]["id"] == ids[-1]
    assert [e["id"] for e in voter.call("gallery?page=2")["entries"]] == [ids[1], ids[0]]
    assert voter.call("gallery?sort=votes")["entries"][0]["id"] == ids[3]


def test_absurd_numbers_in_the_address_get_an_answer_not_a_crash(brand, new_fan):
    make_contest(brand, moderation="post")
    fan = new_fan()
    huge = "9" * 30
    assert fan.get(fan.base + f"gallery?page={huge}").status_code == 200
    assert fan.call(f"gallery?page={huge}")["entries"] == []
    # A number no id column holds names no entry: the address is unknown, as a mistyped one.
    fan.vote(int(huge), expect=404)
    fan.call(f"entries/{huge}/report", {"reason": "x"}, expect=404)
    assert fan.get(fan.base + f"entries/{huge}").status_code == 404


def test_flagging_and_clearing_a_voter_moves_their_votes_exactly(brand, new_fan, clock):
    make_contest(brand, moderation="post")
    _, (entry_id,) = approved_entries(new_fan)
    author_id = db.session.get(PhotoEntry, entry_id).fan_id
    voter = new_fan(signed_in=True)
    voter.vote(entry_id)
    voter_fan = db.session.get(FanProfile, db.session.scalar(select(PhotoVote.fan_id)))
    moderator = staff_user(brand, "moderator", "mod@acme.example")

    def count() -> int:
        db.session.expire_all()
        return db.session.get(PhotoEntry, entry_id).vote_count

    def author_points() -> int:
        return db.session.scalar(
            select(func.coalesce(func.sum(EngagementEvent.points), 0)).where(
                EngagementEvent.type == "vote_received", EngagementEvent.fan_id == author_id
            )
        )

    paid = author_points()
    decisions.flag(voter_fan, moderator, "Votes in a burst")
    db.session.commit()
    assert count() == 0  # held out of the gallery count, as out of the winners
    clock.advance(days=1)
    voter.vote(entry_id)  # cast while flagged: stored, pays nothing
    assert count() == 0 and author_points() == paid
    decisions.clear(db.session.get(FanProfile, voter_fan.id), moderator, "Checked: a real fan")
    db.session.commit()
    assert count() == 2
    assert author_points() == 2 * paid
