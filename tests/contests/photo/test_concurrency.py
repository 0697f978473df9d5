"""Concurrent votes of one fan against PostgreSQL: the unique row and the fan lock decide."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import EngagementEvent
from contests.photo.models import PhotoEntry, PhotoVote
from tests.contests.conftest import Fan, make_contest, photo, race
from tests.factories import make_brand


def browsers_of_one_fan(app, count: int) -> list[Fan]:
    """One signed-in fan's cookie in `count` browsers; the fan exists before the race."""
    app.test_client_class = Fan
    first = app.test_client()
    first.visit()
    first.upload(photo(99))  # makes the fan (its own entry is not voted for)
    first.sign_in()
    cookie = first.get_cookie("sf_fan")
    browsers = []
    for _ in range(count):
        browser = app.test_client()
        browser.set_cookie(cookie.key, cookie.value)
        browser.base, browser.token = first.base, first.token
        browsers.append(browser)
    return browsers


def authors_entries(app, count: int) -> list[int]:
    app.test_client_class = Fan
    ids = []
    for n in range(count):
        author = app.test_client()
        author.visit()
        ids.append(author.upload(photo(n))["entry"]["id"])
    return ids


@pytest.mark.postgres
def test_concurrent_votes_of_one_fan_for_one_entry_count_once(pg_app):
    make_contest(make_brand("acme"), moderation="post")
    (entry_id,) = authors_entries(pg_app, 1)
    browsers = browsers_of_one_fan(pg_app, 10)
    statuses = race(pg_app, browsers, [f"entries/{entry_id}/vote"] * len(browsers))
    assert statuses == [200] + [409] * (len(browsers) - 1)
    assert db.session.scalar(select(func.count()).select_from(PhotoVote)) == 1
    assert db.session.get(PhotoEntry, entry_id).vote_count == 1
    cast = select(func.count()).where(EngagementEvent.type == "vote_cast")
    assert db.session.scalar(cast) == 1


@pytest.mark.postgres
def test_concurrent_votes_for_many_entries_keep_the_daily_maximum(pg_app):
    make_contest(make_brand("acme"), moderation="post", max_votes_per_day=3)
    ids = authors_entries(pg_app, 8)
    browsers = browsers_of_one_fan(pg_app, 8)
    statuses = race(pg_app, browsers, [f"entries/{entry_id}/vote" for entry_id in ids])
    assert statuses == [200] * 3 + [429] * 5
    assert db.session.scalar(select(func.count()).select_from(PhotoVote)) == 3
