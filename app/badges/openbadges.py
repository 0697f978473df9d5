"""Open Badges 2.0 documents: the brand's Issuer Profile, a BadgeClass, an Assertion."""

import hashlib
from urllib.parse import urlsplit

from flask import current_app

from app.badges import urls
from app.models import Badge, BadgeAward, Brand, FanProfile

CONTEXT = "https://w3id.org/openbadges/v2"
MEDIA_TYPE = "application/ld+json"


def hashed_identity(identity: str, salt: str) -> str:
    """The recipient's identity as the spec hashes it: sha256 of identity + salt, in hex."""
    return "sha256$" + hashlib.sha256((identity + salt).encode()).hexdigest()


def issuer_email(brand: Brand) -> str:
    configured = current_app.config.get("BADGES_ISSUER_EMAIL")
    if configured:
        return configured
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
    return f"badges+{brand.slug}@{host}"


def issuer_profile(brand: Brand) -> dict:
    return {
        "@context": CONTEXT,
        "type": "Issuer",
        "id": urls.issuer_url(brand),
        "name": brand.name,
        "url": urls.brand_home_url(brand),
        "email": issuer_email(brand),
    }


def badge_class(brand: Brand, badge: Badge) -> dict:
    narrative = badge.criteria or badge.description
    return {
        "@context": CONTEXT,
        "type": "BadgeClass",
        "id": urls.badge_url(brand, badge),
        "name": badge.name,
        "description": badge.description,
        "image": urls.badge_image_url(brand, badge),
        "criteria": {"narrative": narrative},
        "issuer": urls.issuer_url(brand),
    }


def recipient(award: BadgeAward, fan: FanProfile, brand: Brand) -> dict:
    """Hashed, never the address itself: assertions are public documents."""
    if fan.user.email:
        kind, identity = "email", fan.user.email
    else:
        # A guest has no address yet: a URL only this fan's award carries stands in for one.
        kind, identity = "url", f"{urls.brand_home_url(brand)}/fans/{fan.referral_code}"
    return {
        "type": kind,
        "hashed": True,
        "salt": award.salt,
        "identity": hashed_identity(identity, award.salt),
    }


def assertion(award: BadgeAward, badge: Badge, fan: FanProfile, brand: Brand) -> dict:
    document = {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": urls.assertion_url(award),
        "recipient": recipient(award, fan, brand),
        "badge": urls.badge_url(brand, badge),
        "verification": {"type": "HostedBadge"},
        "issuedOn": award.issued_on.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "image": urls.baked_url(award),
    }
    evidence = {"narrative": f"Earned on {brand.name}: {badge.criteria or badge.description}"}
    if award.evidence_url:
        evidence["id"] = award.evidence_url
    document["evidence"] = evidence
    return document


def revoked(award: BadgeAward) -> dict:
    """What a revoked hosted assertion answers, with status 410 Gone."""
    return {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": urls.assertion_url(award),
        "revoked": True,
        "revocationReason": award.revoke_reason,
    }
