"""A vote and a fraud check that flags several voters cannot deadlock; a deadlock is retried.

PostgreSQL, two sessions in two threads, the order forced with engine hooks and events:
the vote holds its voter's and author's profiles and is about to count on the entry, while
the fraud check has flagged a first voter and reaches the second, the one voting.
"""

import io
import logging
import threading
import time
from contextlib import contextmanager

import psycopg
import pytest
from PIL import Image
from sqlalchemy import event, func, select, text

from app.engagement.record import RecordedEvent
from app.extensions import db
from app.fraud import detect
from app.media import store_image
from app.models import Campaign, EngagementEvent, FanProfile, FraudSignal, utcnow
from contests.photo import voting
from contests.photo.models import PhotoEntry, PhotoVote
from contests.photo.settings import KIND_KEY
from tests.contests.conftest import Fan
from tests.factories import make_brand, make_fan

pytestmark = pytest.mark.postgres
WAIT = 20  # seconds: only reached if the code under test hangs


def entry_of(campaign, author, shade: int) -> PhotoEntry:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (shade, 90, 120)).save(out, "JPEG")
    media = store_image(out.getvalue(), brand_id=campaign.brand_id, purpose="contest_photo")
    entry = PhotoEntry(campaign_id=campaign.id, fan_id=author.id, media_id=media.id)
    entry.status = "approved"
    db.session.add(entry)
    db.session.commit()
    return entry


@pytest.fixture
def contest(pg_app):
    """An author's two photos; fan `first` voted for both, fan `voter` for the second."""
    pg_app.config.update(FRAUD_BURST_VOTES=1000)  # no check flags anyone while we set up
    brand = make_brand()
    campaign = Campaign(
        brand_id=brand.id,
        kind=KIND_KEY,
        slug="photos",
        title="Photos",
        status="live",
        settings={"vote_rule": "once", "max_votes_per_day": 10},
    )
    db.session.add(campaign)
    db.session.commit()
    author, first, voter = make_fan(brand), make_fan(brand), make_fan(brand)
    liked, burst = entry_of(campaign, author, 10), entry_of(campaign, author, 200)
    for fan, entry in ((first, liked), (first, burst), (voter, burst)):
        voting.vote(campaign, fan, entry.id, now=utcnow())
        db.session.commit()
    # From now on two new fans voting for one photo are a burst, and one signal flags.
    pg_app.config.update(FRAUD_BURST_VOTES=2, FRAUD_FLAG_AT=0.5)
    return campaign, author, first, voter, liked, burst


def deadlocks() -> int:
    with db.engine.connect() as connection:
        return connection.scalar(
            text("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
        )


@contextmanager
def hook(thread_ident: list, statement_start: str, action, parameters=None):
    """Run action() once, in the thread named by thread_ident[0], before a statement."""
    fired = []

    def before(_conn, _cursor, statement, params, *_args):
        if (
            not fired
            and thread_ident
            and threading.get_ident() == thread_ident[0]
            and statement.startswith(statement_start)
            and (parameters is None or parameters(params))
        ):
            fired.append(True)
            action()

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def test_a_fraud_check_flagging_a_voter_mid_vote_does_not_deadlock(pg_app, contest):
    campaign, _author, first, voter, liked, burst = contest
    ids = {"campaign": campaign.id, "voter": voter.id, "liked": liked.id, "burst": burst.id}
    burst_vote = RecordedEvent.load(
        db.session.scalar(
            select(EngagementEvent.id).where(
                EngagementEvent.fan_id == voter.id,
                EngagementEvent.type == "vote_cast",
                EngagementEvent.ref == f"photo_entry:{burst.id}",
            )
        )
    )
    before = deadlocks()
    vote_thread, check_thread = [], []
    vote_counts, check_reaches_voter = threading.Event(), threading.Event()
    outcome = {}

    def vote():
        vote_thread.append(threading.get_ident())
        with pg_app.app_context():
            try:
                fan = db.session.get(FanProfile, ids["voter"])
                found = voting.vote(
                    db.session.get(Campaign, ids["campaign"]), fan, ids["liked"], now=utcnow()
                )
                count = found.vote_count  # what the fan is answered
                db.session.commit()
                outcome["vote"] = count
            except Exception as error:  # what a fan would have got as a 500
                outcome["vote"] = error
            finally:
                db.session.remove()

    def check():
        check_thread.append(threading.get_ident())
        assert vote_counts.wait(WAIT)
        with pg_app.app_context():
            detect.on_event_recorded(pg_app, burst_vote)
            db.session.remove()

    def voter_signal(params):
        return isinstance(params, dict) and params.get("fan_id") == ids["voter"]

    with (
        # The vote holds both profiles and is about to count on the entry: it waits there
        # until the check has flagged the first fan and comes to the voter's signal.
        hook(
            vote_thread,
            "UPDATE photo_entry SET vote_count",
            lambda: (vote_counts.set(), check_reaches_voter.wait(WAIT)),
        ),
        hook(check_thread, "INSERT INTO fraud_signal", check_reaches_voter.set, voter_signal),
    ):
        threads = [threading.Thread(target=vote), threading.Thread(target=check)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(WAIT * 3)

    db.session.expire_all()
    assert outcome["vote"] == 2, outcome["vote"]  # the first fan's vote and this one
    signalled = set(
        db.session.scalars(select(FraudSignal.fan_id).where(FraudSignal.kind == "vote_burst"))
    )
    assert {first.id, voter.id} <= signalled
    assert db.session.get(FanProfile, voter.id).fraud_flagged
    counted = select(func.count()).where(PhotoVote.entry_id == liked.id)
    # Both voters of the liked photo are flagged now: neither vote counts.
    assert db.session.get(PhotoEntry, liked.id).vote_count == 0
    assert db.session.scalar(counted) == 2
    assert deadlocks() == before


def backend_waiting_for_a_lock(connection, other_than: int) -> bool:
    return (
        connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND wait_event_type = 'Lock' AND pid <> %s",
            [other_than],
        ).fetchone()[0]
        > 0
    )


def test_a_vote_caught_in_a_deadlock_is_retried_not_a_500(pg_app, contest, caplog):
    _campaign, author, _first, _voter, liked, _burst = contest
    entry_id, author_id = liked.id, author.id
    pg_app.test_client_class = Fan
    browser = pg_app.test_client()
    browser.visit()
    browser.sign_in()
    url = pg_app.config["SQLALCHEMY_DATABASE_URI"].replace("postgresql+psycopg", "postgresql")
    before = deadlocks()
    entry_locked, done = threading.Event(), threading.Event()

    def out_of_order():
        """A session taking the entry, then a profile the vote holds: the other order."""
        with psycopg.connect(url) as connection:
            pid = connection.execute("SELECT pg_backend_pid()").fetchone()[0]
            # The vote, waiting less, is the one PostgreSQL picks to break the deadlock.
            connection.execute("SET deadlock_timeout = '10s'")
            connection.execute("SELECT 1 FROM photo_entry WHERE id = %s FOR UPDATE", [entry_id])
            entry_locked.set()
            deadline = time.monotonic() + WAIT
            while not backend_waiting_for_a_lock(connection, pid):
                assert time.monotonic() < deadline, "the vote never waited for the entry"
                time.sleep(0.01)
            connection.execute("SELECT 1 FROM fan_profile WHERE id = %s FOR UPDATE", [author_id])
            connection.commit()
        done.set()

    locker = threading.Thread(target=out_of_order)
    locker.start()
    assert entry_locked.wait(WAIT)
    with caplog.at_level(logging.WARNING, logger="app.conflicts"):
        response = browser.post(
            f"{browser.base}entries/{liked.id}/vote",
            json={},
            headers={"X-CSRFToken": browser.token},
        )
    locker.join(WAIT)
    assert done.is_set()
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["vote_count"] == 2
    assert deadlocks() == before + 1
    assert "deadlock detected" in caplog.text and "retrying" in caplog.text
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).where(PhotoVote.entry_id == entry_id)) == 2
