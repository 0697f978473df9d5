"""The demo photo contest: live, with painted entries in the gallery and votes, loaded once."""

from datetime import timedelta

from sqlalchemy import func, select

from app.campaigns import get_kind
from app.extensions import db
from app.models import Campaign, EngagementEvent, utcnow
from contests.photo.models import PhotoEntry, PhotoVote
from tests.factories import make_brand, make_fan


def test_the_demo_contest_is_live_with_entries_and_votes(app):
    brand = make_brand("demo")
    for _ in range(30):
        # Fans of long standing: new fans voting together would look like a vote burst.
        make_fan(brand, joined_at=utcnow() - timedelta(days=90))
    kind = get_kind("contest.photo")
    lines = kind.load_demo(brand)
    db.session.commit()
    campaign = db.session.scalars(select(Campaign)).one()
    assert campaign.status == "live" and kind.validate_settings(campaign.settings) == []
    statuses = db.session.scalars(select(PhotoEntry.status)).all()
    assert statuses.count("approved") == 9 and statuses.count("pending") == 1
    votes = db.session.scalar(select(func.count()).select_from(PhotoVote))
    assert votes > 0
    title = "Demo photo contest 'Your best coffee moment' (/coffee-moments)"
    assert lines == [f"{title} with 10 entries, {votes} votes."]
    assert db.session.scalar(select(func.sum(PhotoEntry.vote_count))) == votes
    received = select(func.count()).where(EngagementEvent.type == "vote_received")
    assert db.session.scalar(received) == votes
    # Loaded once: a second run changes nothing.
    assert kind.load_demo(brand) == []
    page = app.test_client().get("/e/demo/coffee-moments/photo/gallery").get_json()
    assert len(page["entries"]) == 9
