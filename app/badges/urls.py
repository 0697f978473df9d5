"""Absolute URLs of badge documents, built on BASE_URL so they work outside a request too."""

from flask import current_app


def _base() -> str:
    return current_app.config["BASE_URL"].rstrip("/")


def issuer_url(brand) -> str:
    return f"{_base()}/badges/{brand.slug}/issuer"


def badge_url(brand, badge) -> str:
    return f"{_base()}/badges/{brand.slug}/{badge.slug}"


def badge_image_url(brand, badge) -> str:
    return f"{badge_url(brand, badge)}/image.png"


def assertion_url(award) -> str:
    return f"{_base()}/badges/assertions/{award.uuid}"


def baked_url(award) -> str:
    return f"{assertion_url(award)}.png"


def public_page_url(award) -> str:
    return f"{_base()}/badges/shared/{award.uuid}"


def brand_home_url(brand) -> str:
    return f"{_base()}/e/{brand.slug}"


def campaign_url(brand, campaign_slug: str) -> str:
    return f"{_base()}/e/{brand.slug}/{campaign_slug}"
