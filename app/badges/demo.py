"""Demo badges and levels for the demo brand, awarded from its fans' events; idempotent."""

from sqlalchemy import func, select

from app.badges import backfilling, editing, levels
from app.extensions import db
from app.models import Badge, BadgeAward, Level

LEVELS = (("Newcomer", 0), ("Regular", 20), ("Insider", 60), ("Ambassador", 150))
BADGES = (
    (
        "first-steps",
        "First steps",
        "Completed your fan profile.",
        [{"kind": "count", "event_type": "profile_completed", "count": 1}],
    ),
    (
        "regular",
        "Regular",
        "Came back on five different days.",
        [{"kind": "count", "event_type": "return_visit", "count": 5}],
    ),
    (
        "on-a-roll",
        "On a roll",
        "Active three days in a row.",
        [{"kind": "streak", "days": 3}],
    ),
    (
        "connector",
        "Connector",
        "Brought a friend who joined.",
        [{"kind": "count", "event_type": "referral_joined", "count": 1}],
    ),
    (
        "half-century",
        "Half-century",
        "Reached 50 points.",
        [{"kind": "points", "threshold": 50}],
    ),
)


def load_demo(brand) -> list[str]:
    """Define what is missing and award it to the fans who already qualify."""
    if not db.session.scalar(select(Level.id).where(Level.brand_id == brand.id).limit(1)):
        levels.save_levels(brand, list(LEVELS))
    created = 0
    for slug, name, description, rule in BADGES:
        badge = db.session.scalar(
            select(Badge).where(Badge.brand_id == brand.id, Badge.slug == slug)
        )
        if badge is None:
            form = editing.BadgeForm(name, slug, description, description, "all", True, rule)
            badge = editing.save_badge(brand, None, form)
            created += 1
    # Committed first: the back-fill commits per batch and must see the badges.
    db.session.commit()
    for slug, *_ in BADGES:
        badge_id = db.session.scalar(
            select(Badge.id).where(Badge.brand_id == brand.id, Badge.slug == slug)
        )
        backfilling.backfill(badge_id)
    db.session.commit()
    awarded = db.session.scalar(
        select(func.count()).where(BadgeAward.brand_id == brand.id, BadgeAward.revoked_at.is_(None))
    )
    return [f"Badges: {len(BADGES)} demo badges ({created} new), {awarded} awarded in all."]
