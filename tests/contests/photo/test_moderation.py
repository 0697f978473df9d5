"""Moderation in the console: the queue, decisions with reasons and who took them, reports."""

from sqlalchemy import select

from app.extensions import db
from contests.photo.models import PhotoDecision, PhotoEntry
from tests.contests.conftest import make_contest, photo

QUEUE = "/console/acme/photo-contests/moderation"


def decide(staff, entry_id: int, action: str, reason: str = ""):
    return staff.submit(
        f"/console/acme/photo-contests/entries/{entry_id}/decide",
        {"action": action, "reason": reason},
        page=QUEUE,
        follow_redirects=True,
    )


def test_a_moderator_approves_a_pending_photo_into_the_gallery(contest, new_fan, staff):
    fan = new_fan()
    entry_id = fan.upload(photo(1), caption="Espresso")["entry"]["id"]
    moderator = staff("moderator")
    queue = moderator.get(QUEUE).get_data(as_text=True)
    assert f"Entry #{entry_id}" in queue and "Espresso" in queue
    page = decide(moderator, entry_id, "approve").get_data(as_text=True)
    assert f"Entry #{entry_id} is now approved." in page
    assert [e["id"] for e in new_fan().call("gallery")["entries"]] == [entry_id]
    assert f"Entry #{entry_id}" not in moderator.get(QUEUE).get_data(as_text=True)
    decision = db.session.scalars(select(PhotoDecision)).one()
    assert (decision.action, decision.actor_id is not None) == ("approve", True)


def test_a_rejection_needs_a_reason_and_the_fan_sees_it(contest, new_fan, staff):
    fan = new_fan()
    entry_id = fan.upload(photo(1))["entry"]["id"]
    owner = staff()
    assert "Say why: the fan sees this reason." in decide(owner, entry_id, "reject").get_data(
        as_text=True
    )
    assert db.session.get(PhotoEntry, entry_id).status == "pending"
    decide(owner, entry_id, "reject", "No coffee in sight")
    mine = fan.call("mine")["entries"][0]
    assert (mine["status"], mine["reason"]) == ("rejected", "No coffee in sight")


def test_disqualification_is_final_and_logged_with_who_and_why(brand, new_fan, staff):
    make_contest(brand, moderation="post")
    entry_id = new_fan().upload(photo(1))["entry"]["id"]
    owner = staff()
    decide(owner, entry_id, "disqualify", "Stock photo")
    page = decide(owner, entry_id, "approve").get_data(as_text=True)
    assert "that decision is final" in page
    assert db.session.get(PhotoEntry, entry_id).status == "disqualified"
    listed = owner.get(QUEUE + "?status=disqualified").get_data(as_text=True)
    assert "disqualify · Owner · Stock photo" in listed


def test_analysts_cannot_moderate(contest, new_fan, staff):
    analyst = staff("analyst")
    assert analyst.get(QUEUE).status_code == 403


def test_a_report_sends_a_shown_photo_back_to_the_queue(brand, new_fan, staff):
    make_contest(brand, moderation="post")
    entry_id = new_fan().upload(photo(1), caption="Fine photo")["entry"]["id"]
    reporter = new_fan()
    assert reporter.call(f"entries/{entry_id}/report", {"reason": "Not coffee"}) == {"ok": True}
    again = reporter.call(f"entries/{entry_id}/report", {"reason": "x"}, expect=409)
    assert again["code"] == "replay"
    entry = db.session.get(PhotoEntry, entry_id)
    assert (entry.report_count, entry.flagged) == (1, True)
    queue = staff("moderator").get(QUEUE).get_data(as_text=True)
    assert f"Entry #{entry_id}" in queue and "Not coffee" in queue


def test_the_moderation_page_is_in_the_console_nav(contest, staff):
    page = staff("moderator").get("/console/acme/").get_data(as_text=True)
    assert 'href="/console/acme/photo-contests/moderation"' in page


def test_watched_words_block_mask_hold_and_flag(brand, new_fan, staff):
    make_contest(brand, moderation="post")
    owner = staff()
    words = "/console/acme/photo-contests/watched-words"
    for word, action in [("spam", "block"), ("darn", "mask"), ("rival", "hold"), ("odd", "flag")]:
        page = owner.submit(
            words, {"word": word, "action": action}, page=words, follow_redirects=True
        )
        assert f"“{word}” is now watched." in page.get_data(as_text=True)
    fan = new_fan()
    blocked = fan.upload(photo(1), caption="Buy SPAM now", expect=400)
    assert blocked["code"] == "blocked_words"
    masked = fan.upload(photo(2), caption="Darn good coffee")["entry"]
    assert (masked["caption"], masked["status"]) == ("**** good coffee", "approved")
    held = fan.upload(photo(3), caption="Better than rival's")["entry"]
    assert held["status"] == "pending"
    flagged = new_fan().upload(photo(4), caption="An odd cup")["entry"]
    assert flagged["status"] == "approved"
    assert db.session.get(PhotoEntry, flagged["id"]).flagged
    # Whole words only: "oddly" is not "odd".
    plain = new_fan().upload(photo(5), caption="Oddly good")["entry"]
    assert not db.session.get(PhotoEntry, plain["id"]).flagged


def test_a_watched_word_cannot_be_added_twice(brand, staff):
    owner = staff()
    words = "/console/acme/photo-contests/watched-words"
    owner.submit(words, {"word": "spam", "action": "block"}, page=words)
    page = owner.submit(words, {"word": "Spam", "action": "flag"}, page=words)
    assert "“spam” is already watched." in page.get_data(as_text=True)
