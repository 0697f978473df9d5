"""Public badge URLs: Open Badges hosted verification, badge images, baked PNGs, award pages."""

import json

from flask import Blueprint, Response, abort, render_template
from sqlalchemy import select

from app.badges import images, openbadges, urls
from app.extensions import db
from app.fanpage.brands import theme
from app.models import Badge, BadgeAward, Brand, FanProfile

bp = Blueprint("badges", __name__, url_prefix="/badges")


def _ld_json(document: dict, status: int = 200) -> Response:
    response = Response(
        json.dumps(document, ensure_ascii=False), status, mimetype=openbadges.MEDIA_TYPE
    )
    # Backpacks and verifiers fetch these from other origins, often from a browser.
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _png(data: bytes, status: int = 200) -> Response:
    response = Response(data, status, mimetype="image/png")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


def _brand(brand_slug: str) -> Brand:
    return db.session.scalar(select(Brand).where(Brand.slug == brand_slug)) or abort(404)


def _badge(brand: Brand, badge_slug: str) -> Badge:
    # Deleted badges keep answering: awards already issued must stay verifiable.
    found = db.session.scalar(
        select(Badge).where(Badge.brand_id == brand.id, Badge.slug == badge_slug)
    )
    return found or abort(404)


def _award(award_uuid: str):
    row = db.session.execute(
        select(BadgeAward, Badge, FanProfile, Brand)
        .join(Badge, Badge.id == BadgeAward.badge_id)
        .join(FanProfile, FanProfile.id == BadgeAward.fan_id)
        .join(Brand, Brand.id == BadgeAward.brand_id)
        .where(BadgeAward.uuid == award_uuid)
    ).first()
    return row or abort(404)


@bp.get("/<brand_slug>/issuer")
def issuer(brand_slug):
    return _ld_json(openbadges.issuer_profile(_brand(brand_slug)))


@bp.get("/<brand_slug>/<badge_slug>")
def badge_class(brand_slug, badge_slug):
    brand = _brand(brand_slug)
    return _ld_json(openbadges.badge_class(brand, _badge(brand, badge_slug)))


@bp.get("/<brand_slug>/<badge_slug>/image.png")
def badge_image(brand_slug, badge_slug):
    brand = _brand(brand_slug)
    return _png(images.png_bytes(images.picture(brand, _badge(brand, badge_slug))))


@bp.get("/assertions/<award_uuid>")
def assertion(award_uuid):
    award, badge, fan, brand = _award(award_uuid)
    if award.revoked_at is not None:
        return _ld_json(openbadges.revoked(award), 410)
    return _ld_json(openbadges.assertion(award, badge, fan, brand))


@bp.get("/assertions/<award_uuid>.png")
def baked(award_uuid):
    award, badge, _fan, brand = _award(award_uuid)
    if award.revoked_at is not None:
        return _ld_json(openbadges.revoked(award), 410)
    return _png(images.bake(images.picture(brand, badge), urls.assertion_url(award)))


@bp.get("/shared/<award_uuid>")
def shared(award_uuid):
    """The human page of an award, with Open Graph tags; only when the fan made it public."""
    award, badge, fan, brand = _award(award_uuid)
    if not award.public or award.revoked_at is not None:
        abort(404)
    return render_template(
        "badges/public_award.html",
        award=award,
        badge=badge,
        brand=brand,
        fan_name=fan.user.display_name,
        theme=theme(brand),
        image_url=urls.badge_image_url(brand, badge),
        page_url=urls.public_page_url(award),
        assertion_url=urls.assertion_url(award),
        baked_url=urls.baked_url(award),
    )
