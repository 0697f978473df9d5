"""Demo data: a brand, its owner and a few hundred fans with a realistic spread of events."""

import random
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from app.analytics import demo as analytics_demo
from app.badges import demo as badges_demo
from app.campaigns import all_kinds
from app.engagement import record
from app.extensions import db
from app.models import Brand, ConsentRecord, ConsentText, FanProfile, Membership, User, utcnow

BRAND_SLUG = "demo"
OWNER_EMAIL = "owner@demo.superfan.test"
OWNER_PASSWORD = "superfan-demo"
FAN_COUNT = 300
DAYS = 60
CONSENT_VERSION = "2026-01"
# The demo host page stands for the brand's own site: the app's port under its other name.
LOOPBACK_TWINS = {"127.0.0.1": "localhost", "localhost": "127.0.0.1"}

FIRST = "Ada Bruno Chloé Dev Emma Farid Gaia Hugo Inès Jon Kenji Lea Malik Nora Omar Priya Quinn "
FIRST += "Rosa Sami Tess Ugo Vera Wen Xavi Yara Zoé"
LAST = "Martin Bernard Silva Kowalski Nguyen Okafor Rossi Dubois Tanaka Novak Haddad Moreau Costa"
UTM = [(None, None, None)] * 5 + [
    ("instagram", "social", "spring"),
    ("facebook", "social", "spring"),
    ("newsletter", "email", "launch"),
    ("tiktok", "social", "creators"),
]


def load_demo() -> list[str]:
    """Create what is missing of the demo; returns what to tell the person who ran it."""
    brand = ensure_brand()
    ensure_owner(brand)
    ensure_consent_text(brand)
    created = ensure_fans(brand)
    kind_lines = [line for kind in all_kinds() for line in kind.load_demo(brand)]
    badge_lines = badges_demo.load_demo(brand)
    db.session.commit()
    # Once the campaigns are in: visits to each, rolled up (app/analytics/demo.py).
    badge_lines += analytics_demo.load_demo(brand)
    fans = db.session.scalar(select(func.count()).where(FanProfile.brand_id == brand.id))
    return [
        f"Demo brand {brand.name!r} (slug {brand.slug}) with {fans} fans"
        + (f", {created} created now." if created else ", already loaded."),
        *kind_lines,
        *badge_lines,
        f"Staff owner: {OWNER_EMAIL} / {OWNER_PASSWORD}",
        "Demo host page (a brand's site, on another origin than the app): "
        f"{demo_host_origin()}/demo/host",
    ]


def demo_host_origin(base_url: str | None = None) -> str:
    """Where to open the demo host page: the app's origin with its other loopback hostname.

    Any other host has no twin name, so the page is served from the app's own origin (it says
    that the iframe is then not cross-site).
    """
    parts = urlsplit(base_url or current_app.config["BASE_URL"])
    host = LOOPBACK_TWINS.get(parts.hostname or "localhost", parts.hostname or "localhost")
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme or 'http'}://{host}{port}"


def ensure_brand() -> Brand:
    brand = db.session.scalar(select(Brand).where(Brand.slug == BRAND_SLUG))
    host_origin = demo_host_origin()
    if brand is not None and host_origin not in (brand.frame_origins or []):
        # Loaded earlier under another base URL: the page must frame from where it is served now.
        brand.frame_origins = [*(brand.frame_origins or []), host_origin]
    if brand is None:
        brand = Brand(
            slug=BRAND_SLUG,
            name="Lumen Coffee",
            locale="en",
            # Campaign content in English and French: the demo quizzes carry both.
            content_locales=["fr"],
            timezone="Europe/Paris",
            theme={"primary": "#7a3e1d", "accent": "#f2b134"},
            frame_origins=[host_origin],
            embed_secret=secrets.token_hex(32),
            half_life_days=30.0,
            score_epoch=utcnow() - timedelta(days=DAYS + 1),
        )
        db.session.add(brand)
        db.session.flush()
    return brand


def ensure_owner(brand: Brand) -> None:
    owner = db.session.scalar(select(User).where(User.email == OWNER_EMAIL))
    if owner is None:
        owner = User(
            email=OWNER_EMAIL,
            display_name="Demo Owner",
            password_hash=generate_password_hash(OWNER_PASSWORD),
        )
        db.session.add(owner)
        db.session.flush()
    membership = db.session.scalar(
        select(Membership).where(Membership.brand_id == brand.id, Membership.user_id == owner.id)
    )
    if membership is None:
        db.session.add(Membership(brand_id=brand.id, user_id=owner.id, role="owner"))


def ensure_fans(brand: Brand) -> int:
    """Fans whose activity follows a long tail: a few super fans, many casual ones."""
    if db.session.scalar(select(func.count()).where(FanProfile.brand_id == brand.id)):
        return 0
    rng = random.Random(2026)
    first, last = FIRST.split(), LAST.split()
    start = utcnow() - timedelta(days=DAYS)
    fans = []
    for n in range(FAN_COUNT):
        name = f"{rng.choice(first)} {rng.choice(last)}"
        user = User(email=f"fan{n:03d}@example.com", display_name=name)
        source, medium, campaign = rng.choice(UTM)
        referrer = rng.choice(fans) if fans and rng.random() < 0.15 else None
        joined = start + timedelta(days=rng.uniform(0, DAYS * 0.8))
        fan = FanProfile(
            brand_id=brand.id,
            user=user,
            referral_code=secrets.token_urlsafe(8)[:10],
            joined_at=joined,
            referred_by_id=referrer.id if referrer else None,
            utm_source=source,
            utm_medium=medium,
            utm_campaign=campaign,
        )
        if rng.random() < 0.7:
            fan.marketing_consent = True
            fan.marketing_consent_at = joined
            fan.consent_version = CONSENT_VERSION
        db.session.add(fan)
        db.session.flush()
        if fan.marketing_consent:
            db.session.add(
                ConsentRecord(
                    fan_id=fan.id,
                    purpose="marketing",
                    text_version=CONSENT_VERSION,
                    granted=True,
                    created_at=joined,
                )
            )
        fans.append(fan)
        _play(rng, fan, referrer, joined)
    return len(fans)


def _play(rng: random.Random, fan: FanProfile, referrer, joined) -> None:
    """A fan's history: a long-tailed number of active days after joining, in order."""
    now = utcnow()
    if referrer is not None:
        record(
            referrer, "referral_joined", ref=f"fan:{fan.id}", key=f"demo:ref:{fan.id}", at=joined
        )
    record(fan, "profile_completed", key=f"demo:{fan.id}:profile", at=joined)
    active_days = min(int(rng.paretovariate(1.2)) * 2, DAYS)
    span = (now - joined).total_seconds()
    moments = sorted(joined + timedelta(seconds=rng.uniform(0, span)) for _ in range(active_days))
    for n, at in enumerate(moments):
        kind = rng.choices(["campaign_viewed", "share_visit"], weights=[4, 1])[0]
        record(fan, kind, key=f"demo:{fan.id}:{n}", at=at)


def ensure_consent_text(brand: Brand) -> None:
    """The marketing consent text fans of the demo brand are asked to accept, in both languages.

    A demo loaded before the French text existed gets it added to the same version: its fans
    accepted the English text, which does not change.
    """
    french = {
        "fr": (
            f"{brand.name} peut vous envoyer par e-mail des nouvelles, des offres et des "
            "invitations à de nouveaux jeux, environ une fois par mois. Vous pouvez les arrêter "
            "à tout moment depuis votre page de fan."
        )
    }
    exists = db.session.scalar(
        select(ConsentText).where(
            ConsentText.brand_id == brand.id, ConsentText.version == CONSENT_VERSION
        )
    )
    if exists is None:
        db.session.add(
            ConsentText(
                brand_id=brand.id,
                version=CONSENT_VERSION,
                body=(
                    f"{brand.name} may send you news, offers and invitations to new games by "
                    "email, about once a month. You can stop them at any time from your fan page."
                ),
                translations=french,
            )
        )
    elif not (exists.translations or {}).get("fr"):
        exists.translations = {**(exists.translations or {}), **french}
