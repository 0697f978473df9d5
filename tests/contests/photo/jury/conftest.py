"""The jury and winners tests' `contest`: a live photo contest, its entries, votes and staff.

It stands in, for the tests in this folder, for tests/contests/conftest.py's `contest`.
"""

import io

import pytest
from PIL import Image

from app.extensions import db
from app.media import store_image
from app.models import Campaign, utcnow
from contests.photo import voting
from contests.photo.models import PhotoEntry
from contests.photo.settings import KIND_KEY
from tests.factories import make_brand, make_fan
from tests.games.conftest import Staff, staff_user


class Contest:
    """A live photo contest of the brand "acme", and ways to fill it."""

    def __init__(self, app):
        self.app = app
        self.brand = make_brand("acme", name="Acme Coffee")
        self.campaign = Campaign(
            brand_id=self.brand.id,
            kind=KIND_KEY,
            slug="summer-photos",
            title="Summer photos",
            status="live",
            settings={"vote_rule": "once", "max_votes_per_day": 100},
        )
        db.session.add(self.campaign)
        db.session.commit()
        self._colour = 0

    @property
    def url(self) -> str:
        return f"/console/acme/photo-contests/{self.campaign.id}"

    def fan(self, name: str | None = None, **fields):
        return make_fan(self.brand, name, **fields)

    def entry(self, fan, *, status: str = "approved", caption: str = "") -> PhotoEntry:
        """An entry whose photo went through the real upload path."""
        self._colour += 40
        out = io.BytesIO()
        Image.new("RGB", (64, 48), (self._colour % 256, 90, 120)).save(out, "JPEG")
        media = store_image(out.getvalue(), brand_id=self.brand.id, purpose="contest_photo")
        entry = PhotoEntry(
            campaign_id=self.campaign.id,
            fan_id=fan.id,
            media_id=media.id,
            caption=caption,
            status=status,
        )
        db.session.add(entry)
        db.session.commit()
        return entry

    def votes(self, entry: PhotoEntry, count: int, **voter_fields) -> list:
        """`count` new fans vote for the entry through the voting service; returns the voters."""
        voters = [self.fan(**voter_fields) for _ in range(count)]
        for voter in voters:
            voting.vote(self.campaign, voter, entry.id, now=utcnow())
        db.session.commit()
        return voters

    def staff(self, role: str = "owner", email: str | None = None) -> Staff:
        """A signed-in console browser of a new member with this role."""
        user = staff_user(self.brand, role, email or f"{role}{next_number()}@acme.example")
        self.app.test_client_class = Staff
        browser = self.app.test_client()
        browser.login(user.email)
        browser.user = user
        return browser

    def close(self) -> None:
        self.campaign.status = "closed"
        db.session.commit()


_numbers = iter(range(1, 10_000))


def next_number() -> int:
    return next(_numbers)


@pytest.fixture(name="contest")
def contest_fixture(any_app) -> Contest:
    return Contest(any_app)
