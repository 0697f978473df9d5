"""Sharing a result: the share page and its picture, and credit to the sharer once per friend."""

import io
import re
from urllib.parse import urlsplit

import pytest
from PIL import Image
from sqlalchemy import func, select

from app.extensions import db
from app.models import FanProfile
from games.quiz import results, share_image
from tests.games.quiz import quizzes
from tests.games.quiz.helpers import events, fan_of, play


@pytest.fixture
def quiz(brand, clock):
    return quizzes.trivia(brand, now=clock.now(), attempts="unlimited")


def shared(fan) -> tuple[dict, dict]:
    fan.visit("acme", "trivia")
    result = play(fan, right=True)
    return result, fan.call("share", {"attempt_id": result["attempt_id"]})


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_the_share_link_names_the_result_and_carries_the_referral_code(quiz, fan):
    result, share = shared(fan)
    sharer = fan_of(result["attempt_id"])
    assert re.search(
        r"/e/acme/trivia/quiz/s/[\w-]+\?ref=" + sharer.referral_code + "$", share["url"]
    )
    again = fan.call("share", {"attempt_id": result["attempt_id"]})
    assert again["url"] == share["url"]


def test_only_the_fans_own_finished_game_can_be_shared(quiz, new_fan):
    owner, other = new_fan(), new_fan()
    result, _ = shared(owner)
    other.visit("acme", "trivia")
    assert (
        other.call("share", {"attempt_id": result["attempt_id"]}, expect=404)["code"] == "no_result"
    )
    unfinished = other.call("start", {})["question"]["attempt_id"]
    assert other.call("share", {"attempt_id": unfinished}, expect=404)["code"] == "no_result"
    assert other.call("share", {"attempt_id": "1"}, expect=400)["code"] == "malformed"


def test_the_share_page_has_open_graph_tags_and_no_personal_data(quiz, fan, new_fan):
    _, share = shared(fan)
    stranger = new_fan()
    fans_before = db.session.scalar(select(func.count()).select_from(FanProfile))
    page = stranger.get(path_of(share["url"]))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<meta property="og:title" content="I scored 3/3 · Trivia">' in html
    image = re.search(r'<meta property="og:image" content="([^"]+)"', html)[1]
    assert image.startswith("http://localhost/e/acme/trivia/quiz/s/") and image.endswith(
        "/image.png"
    )
    assert "fan" not in html.lower().split("og:title")[1].split(">")[0]
    assert "frame-ancestors" in page.headers["Content-Security-Policy"]
    # Reading a share page (crawlers do) makes no fan.
    assert db.session.scalar(select(func.count()).select_from(FanProfile)) == fans_before
    assert stranger.get("/e/acme/trivia/quiz/s/unknown-token").status_code == 404


def test_the_picture_is_drawn_in_brand_colours_once_then_cached(quiz, fan, monkeypatch):
    _, share = shared(fan)
    drawn = []
    real = share_image.render
    monkeypatch.setattr(share_image, "render", lambda **kw: drawn.append(kw) or real(**kw))
    first = fan.get(share["image_url"])
    assert first.status_code == 200 and first.mimetype == "image/png"
    picture = Image.open(io.BytesIO(first.data))
    assert picture.size == (1200, 630)
    assert picture.getpixel((5, 5)) == (0x7A, 0x3E, 0x1D)  # the brand's primary colour
    assert picture.getpixel((5, 625)) == (0xF2, 0xB1, 0x34)  # its accent
    second = fan.get(share["image_url"])
    assert second.data == first.data
    assert len(drawn) == 1
    assert drawn[0]["headline"] == "3/3" and drawn[0]["title"] == "Trivia"


def test_a_personality_share_shows_the_outcome(brand, fan, clock):
    quizzes.personality(brand, now=clock.now())
    fan.visit("acme", "persona")
    result = play(fan)
    share = fan.call("share", {"attempt_id": result["attempt_id"]})
    html = fan.get(path_of(share["url"])).get_data(as_text=True)
    assert f"I got {result['outcome']['title']}" in html


def test_a_theme_typo_falls_back_to_default_colours(quiz, fan, brand):
    brand.theme = {"primary": "not-a-colour", "accent": "red;}"}
    db.session.commit()
    _, share = shared(fan)
    picture = Image.open(io.BytesIO(fan.get(share["image_url"]).data))
    assert picture.getpixel((5, 5)) == (0x1F, 0x29, 0x37)


def friend_plays(new_fan, share_url: str):
    friend = new_fan()
    friend.get(path_of(share_url))
    friend.visit("acme", "trivia")
    return friend, play(friend, right=False)


def test_a_friend_who_plays_through_the_link_credits_the_sharer_once(quiz, fan, new_fan):
    result, share = shared(fan)
    sharer = fan_of(result["attempt_id"])
    friend, friend_result = friend_plays(new_fan, share["url"])
    credits = events(sharer, "quiz_shared")
    assert len(credits) == 1
    friend_profile = fan_of(friend_result["attempt_id"])
    assert credits[0].axis == "influence" and credits[0].points == 10
    assert credits[0].idempotency_key == f"quiz-share:{quiz.id}:{friend_profile.id}"
    # The same friend again, through the link again: no second credit.
    friend.get(path_of(share["url"]))
    friend.visit("acme", "trivia")
    play(friend)
    assert len(events(sharer, "quiz_shared")) == 1
    # Another friend is another credit.
    friend_plays(new_fan, share["url"])
    db.session.expire_all()
    assert len(events(sharer, "quiz_shared")) == 2
    assert db.session.get(FanProfile, sharer.id).influence == 20


def test_no_credit_for_oneself_nor_for_a_code_that_never_shared(quiz, fan, new_fan):
    result, share = shared(fan)
    sharer = fan_of(result["attempt_id"])
    fan.get(path_of(share["url"]))
    fan.visit("acme", "trivia")
    play(fan)
    assert events(sharer, "quiz_shared") == []

    lurker = new_fan()
    lurker.visit("acme", "trivia")
    lurker_result = play(lurker)
    code = fan_of(lurker_result["attempt_id"]).referral_code
    friend = new_fan()
    friend.visit("acme", "trivia", f"?ref={code}")
    play(friend)
    assert events(fan_of(lurker_result["attempt_id"]), "quiz_shared") == []


def test_a_friend_who_had_already_played_brings_no_credit(quiz, fan, new_fan):
    friend = new_fan()
    friend.visit("acme", "trivia")
    play(friend)
    result, share = shared(fan)
    friend.get(path_of(share["url"]))
    friend.visit("acme", "trivia")
    play(friend)
    assert events(fan_of(result["attempt_id"]), "quiz_shared") == []


def test_shares_count_in_the_funnel(quiz, fan, new_fan):
    shared(fan)
    other = new_fan()
    other.visit("acme", "trivia")
    play(other)
    assert results.funnel(quiz)["shared"] == 1
