"""Fixtures for contests: a brand, fan and staff browsers, photos."""

import io
import itertools
import random
import re
import secrets
import threading

import pytest
from PIL import Image
from sqlalchemy import select

from app.extensions import db
from app.identity.fan_tokens import make_brand_token
from app.models import Brand, Campaign
from tests.factories import make_brand
from tests.games.conftest import Browser, Staff, staff_user

PHOTO_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
_customers = itertools.count(1)


class Fan(Browser):
    """A fan's browser on one photo contest: the page gives the CSRF token the script sends."""

    base = ""
    token = None

    def visit(self, campaign_slug: str = "photos", brand_slug: str = "acme") -> str:
        self.base = f"/e/{brand_slug}/{campaign_slug}/photo/"
        page = self.get(self.base)
        assert page.status_code == 200, page.status_code
        self.token = PHOTO_CSRF.search(page.get_data(as_text=True))[1]
        return page.get_data(as_text=True)

    def call(self, path: str, body: dict | None = None, *, expect: int | None = 200):
        """POST JSON (with the CSRF header) or GET; checks the status, returns the JSON."""
        if body is None:
            response = self.get(self.base + path)
        else:
            response = self.post(self.base + path, json=body, headers={"X-CSRFToken": self.token})
        if expect is not None:
            assert response.status_code == expect, response.get_data(as_text=True)
        return response.get_json()

    def upload(self, data: bytes, *, caption: str = "", expect: int | None = 201, **fields):
        form = {"photo": (io.BytesIO(data), "photo.jpg"), "caption": caption}
        form |= {f"field_{key}": value for key, value in fields.items()}
        response = self.post(
            self.base + "entries",
            data=form,
            headers={"X-CSRFToken": self.token},
            content_type="multipart/form-data",
        )
        if expect is not None:
            assert response.status_code == expect, response.get_data(as_text=True)
        return response.get_json()

    def vote(self, entry_id: int, *, expect: int | None = 200):
        return self.call(f"entries/{entry_id}/vote", {}, expect=expect)

    def sign_in(self, subject: str | None = None, brand_slug: str = "acme") -> None:
        """Sign in as one of the brand's own customers (its token, as embed.js passes it)."""
        brand = db.session.scalar(select(Brand).where(Brand.slug == brand_slug))
        if brand.embed_secret is None:
            brand.embed_secret = secrets.token_hex(32)
            db.session.commit()
        token = make_brand_token(brand, subject or f"customer-{next(_customers)}")
        response = self.post(
            f"/fan/{brand_slug}/brand-token",
            json={"token": token},
            headers={"X-CSRFToken": self.token, "Accept": "application/json"},
        )
        assert response.status_code == 200, response.get_data(as_text=True)


def photo(seed: int = 1, size=(64, 48), fmt: str = "JPEG", **save) -> bytes:
    """A picture of noise: each seed looks nothing like another (no near duplicates)."""
    rng = random.Random(seed)
    image = Image.new("RGB", size)
    image.putdata([tuple(rng.randrange(256) for _ in range(3)) for _ in range(size[0] * size[1])])
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


@pytest.fixture
def brand(app):
    brand = make_brand("acme", name="Acme Coffee")
    db.session.commit()
    return brand


def make_contest(brand, slug: str = "photos", **settings) -> Campaign:
    campaign = Campaign(
        brand_id=brand.id,
        kind="contest.photo",
        slug=slug,
        title="Best coffee photo",
        status=settings.pop("status", "live"),
        settings=settings,
    )
    db.session.add(campaign)
    db.session.commit()
    return campaign


@pytest.fixture
def contest(brand):
    return make_contest(brand)


@pytest.fixture
def new_fan(app):
    """Make another fan's browser (a fresh session each), already on the contest page;
    signed in as one of the brand's customers if asked (only they vote by default)."""

    def make(slug: str = "photos", *, signed_in: bool = False) -> Fan:
        app.test_client_class = Fan
        browser = app.test_client()
        browser.visit(slug)
        if signed_in:
            browser.sign_in()
        return browser

    return make


@pytest.fixture
def staff(app, brand):
    """A signed-in staff browser with the given role in the brand."""

    def make(role: str = "owner", email: str | None = None) -> Staff:
        user = staff_user(brand, role, email)
        app.test_client_class = Staff
        browser = app.test_client()
        browser.login(user.email)
        return browser

    return make


def race(app, browsers, paths) -> list[int]:
    """Each browser POSTs its path at the same moment; the statuses, sorted."""
    start = threading.Barrier(len(browsers))
    statuses = []

    def send(browser, path):
        with app.app_context():
            start.wait()
            response = browser.post(
                browser.base + path, json={}, headers={"X-CSRFToken": browser.token}
            )
            statuses.append(response.status_code)

    threads = [
        threading.Thread(target=send, args=pair) for pair in zip(browsers, paths, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.expire_all()
    return sorted(statuses)
