"""Fan actions while Redis is full, frozen or down, and while PostgreSQL does not answer.

The Redis here is a server of this test's own on a spare port, so stopping, freezing
(SIGSTOP) and filling it never touches the shared one.
"""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import EngagementEvent
from contests.photo.models import PhotoVote
from tests.conftest import _truncate_all, build_app
from tests.contests.conftest import Fan, make_contest, photo
from tests.factories import make_brand

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

# Generous: the Redis timeouts are 0.5 s to connect and 1 s per call, with no retries.
REQUEST_BOUND_SECONDS = 5.0
VOTERS = 6


@pytest.fixture
def fault_app(request, own_redis):
    """PostgreSQL and the test's own Redis."""
    url = request.getfixturevalue("postgres_url")
    app = build_app(url, own_redis.url)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    _truncate_all(app)


def _browser(app, *, signed_in: bool, subject: str | None = None) -> Fan:
    app.test_client_class = Fan
    browser = app.test_client()
    browser.visit()
    if signed_in:
        browser.sign_in(subject)
    return browser


def _timed_vote(voter: Fan, entry_id: int):
    started = time.monotonic()
    with voter.application.app_context():  # a thread of its own, as a server's would be
        response = voter.post(
            f"{voter.base}entries/{entry_id}/vote", json={}, headers={"X-CSRFToken": voter.token}
        )
    return response.status_code, time.monotonic() - started, response.get_data(as_text=True)


def _burst(voters, entry_id):
    with ThreadPoolExecutor(max_workers=3) as pool:
        return list(pool.map(lambda voter: _timed_vote(voter, entry_id), voters))


def test_votes_succeed_once_while_redis_is_full_frozen_or_down(fault_app, own_redis):
    brand = make_brand("acme", name="Acme Coffee")
    db.session.commit()
    make_contest(brand, moderation="post", max_entries_per_fan=5)
    authors = [_browser(fault_app, signed_in=False) for _ in range(3)]
    entries = [author.upload(photo(n))["entry"]["id"] for n, author in enumerate(authors)]
    voters = [_browser(fault_app, signed_in=True, subject=f"voter-{n}") for n in range(VOTERS)]

    faults = {
        "full": (own_redis.fill, own_redis.empty),
        "frozen": (own_redis.freeze, own_redis.thaw),
        "down": (own_redis.stop, lambda: None),
    }
    timings = {}
    for (name, (break_it, mend_it)), entry_id in zip(faults.items(), entries, strict=True):
        break_it()
        try:
            results = _burst(voters, entry_id)
        finally:
            mend_it()
        for status, _, body in results:
            assert status == 200, f"Redis {name}: {status} {body[:300]}"
        timings[name] = max(seconds for _, seconds, _ in results)

    print("slowest vote per fault (s):", {k: round(v, 2) for k, v in timings.items()})
    for name, seconds in timings.items():
        assert seconds < REQUEST_BOUND_SECONDS, f"Redis {name}: a vote took {seconds:.1f} s"
    db.session.rollback()
    per_entry = dict(
        db.session.execute(
            select(PhotoVote.entry_id, func.count()).group_by(PhotoVote.entry_id)
        ).all()
    )
    assert per_entry == dict.fromkeys(entries, VOTERS)
    cast = db.session.scalar(
        select(func.count()).where(EngagementEvent.type == "vote_cast").select_from(EngagementEvent)
    )
    assert cast == VOTERS * len(entries)


def test_the_limits_still_hold_in_memory_while_redis_is_down(fault_app, own_redis):
    """The vote's own limit keeps counting per fan while Redis is away: not simply off."""
    brand = make_brand("acme", name="Acme Coffee")
    db.session.commit()
    make_contest(brand, moderation="post", max_entries_per_fan=5)
    voter = _browser(fault_app, signed_in=True)
    own_redis.stop()
    statuses = [_timed_vote(voter, 999_999)[0] for _ in range(61)]
    # 60 per minute: the unknown entry is refused 60 times (404), then the limit answers.
    assert statuses[:60] == [404] * 60
    assert statuses[60] == 429
