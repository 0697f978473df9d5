"""Fixtures for badges: a brand with fans, a badge maker, and the console client."""

import pytest

from app.badges import editing
from app.extensions import db
from tests.console.conftest import client, make_client, pg_client  # noqa: F401 - fixtures
from tests.factories import make_brand, make_fan


@pytest.fixture
def brand(app):
    return make_brand("acme", theme={"primary": "#112233", "accent": "#ffcc00"})


@pytest.fixture
def fan(brand):
    return make_fan(brand, "Ada")


def make_badge(brand, slug="starter", rule=None, combinator="all", **fields):
    """A badge saved the way the console saves it (validated, back-fill queued), committed."""
    form = editing.BadgeForm(
        name=fields.pop("name", slug.title()),
        slug=slug,
        description=fields.pop("description", f"The {slug} badge."),
        criteria=fields.pop("criteria", ""),
        combinator=combinator,
        active=fields.pop("active", True),
        conditions=rule or [{"kind": "count", "event_type": "profile_completed", "count": 1}],
    )
    badge = editing.save_badge(brand, None, form)
    db.session.commit()
    return badge


__all__ = ["make_badge", "make_client"]
