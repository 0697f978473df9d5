"""Rows the tests need, made the way the platform makes them."""

import itertools
from datetime import timedelta

from app.extensions import db
from app.models import Brand, Campaign, FanProfile, Membership, User, utcnow

_counter = itertools.count(1)


def make_brand(slug: str = "acme", **fields) -> Brand:
    fields.setdefault("score_epoch", utcnow() - timedelta(days=90))
    brand = Brand(slug=slug, name=fields.pop("name", slug.title()), **fields)
    db.session.add(brand)
    db.session.flush()
    return brand


def make_fan(
    brand: Brand, name: str | None = None, *, email: str | None = "", consent=True, **fields
):
    n = next(_counter)
    user = User(
        email=f"fan{n}@example.com" if email == "" else email,
        display_name=name or f"Fan {n}",
    )
    fan = FanProfile(brand_id=brand.id, user=user, referral_code=f"ref{n:06d}", **fields)
    if consent:
        fan.marketing_consent = True
        fan.marketing_consent_at = utcnow()
        fan.consent_version = "v1"
    db.session.add(fan)
    db.session.flush()
    return fan


def make_staff(brand: Brand, role: str = "owner") -> User:
    user = User(email=f"staff{next(_counter)}@brand.example", display_name="Staff")
    db.session.add(user)
    db.session.flush()
    db.session.add(Membership(brand_id=brand.id, user_id=user.id, role=role))
    db.session.flush()
    return user


def make_campaign(brand: Brand, slug: str = "spring", **fields) -> Campaign:
    campaign = Campaign(
        brand_id=brand.id,
        kind="test.game",
        slug=slug,
        title=fields.pop("title", slug.title()),
        status=fields.pop("status", "live"),
        **fields,
    )
    db.session.add(campaign)
    db.session.flush()
    return campaign
