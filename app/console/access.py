"""Brand scoping for every console page: /console/<brand_slug>/..., for members, by role.

Every kind's campaigns are made, edited and moved through the common flow
(app/console/views/campaigns.py); a kind's own console pages come from
app.console.kind_pages.kind_console_blueprint, built on brand_blueprint:

    bp = kind_console_blueprint("game_console", __name__, "/game", kinds=(KIND_KEY,))

    @bp.get("/<int:campaign_id>/scores")
    @requires("analytics")
    def scores(campaign_id):
        campaign = current_campaign()

The nav lists every kind under "New campaign"; other pages join it with `add_nav_page`. A view
without @requires is a bug and answers 500; a non-member gets 404, a member whose role lacks
the permission 403.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, abort, current_app, g, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import and_, select

from app.campaigns import all_kinds
from app.console.roles import ALL_PERMISSIONS, can
from app.console.services.brands import brands_of
from app.extensions import db
from app.models import Brand, Campaign, Membership
from app.staff_errors import install_error_pages

BRAND_ARG = "brand_slug"
NAV_KEY = "superfan.console_nav"
# The common flow's page for a new campaign of any kind (app/console/views/campaigns.py).
NEW_CAMPAIGN = "console_campaigns.new"


@dataclass(frozen=True)
class NavPage:
    endpoint: str
    label: str  # a lazy_gettext string: drawn in the language of each request
    permission: str


def requires(permission: str) -> Callable:
    """Mark a brand-scoped view with the permission (see roles.py) a member needs for it."""
    if permission not in ALL_PERMISSIONS:
        raise ValueError(f"unknown console permission {permission!r}")

    def mark(view):
        view.console_permission = permission
        return view

    return mark


def brand_blueprint(name: str, import_name: str, url_prefix: str = "", **options) -> Blueprint:
    """A blueprint whose every route lives under /console/<brand_slug> and is brand-scoped."""
    bp = Blueprint(name, import_name, url_prefix=f"/console/<{BRAND_ARG}>{url_prefix}", **options)
    bp.url_value_preprocessor(_take_brand_slug)
    bp.before_request(_enter_brand)
    bp.context_processor(nav_context)
    install_error_pages(bp)
    return bp


def _take_brand_slug(endpoint, values) -> None:
    # Views never see the slug, only the brand it resolved to for this member.
    g.console_brand_slug = values.pop(BRAND_ARG, None) if values else None


def _enter_brand():
    if not current_user.is_authenticated:
        target = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("staff.login", next=target))
    permission = getattr(current_app.view_functions[request.endpoint], "console_permission", None)
    if permission is None:
        raise RuntimeError(f"console view {request.endpoint} has no @requires(permission)")
    row = db.session.execute(
        select(Brand, Membership.role)
        .join(
            Membership,
            and_(Membership.brand_id == Brand.id, Membership.user_id == current_user.id),
        )
        .where(Brand.slug == g.console_brand_slug)
    ).first()
    # Someone else's brand looks exactly like a brand that does not exist.
    if row is None:
        abort(404)
    g.console_brand, g.console_role = row
    if not can(g.console_role, permission):
        abort(403)
    return None


def current_brand() -> Brand:
    return g.console_brand


def current_role() -> str:
    return g.console_role


def brand_campaign(campaign_id: int, kind: str | None = None) -> Campaign:
    """A campaign of the current brand (and kind), or 404."""
    query = select(Campaign).where(
        Campaign.id == campaign_id, Campaign.brand_id == current_brand().id
    )
    if kind is not None:
        query = query.where(Campaign.kind == kind)
    return db.session.scalar(query) or abort(404)


def fill_brand_slug(endpoint: str, values: dict) -> None:
    """url_for inside a brand page links to the same brand unless told otherwise."""
    brand = g.get("console_brand")
    if (
        brand is not None
        and BRAND_ARG not in values
        and current_app.url_map.is_endpoint_expecting(endpoint, BRAND_ARG)
    ):
        values[BRAND_ARG] = brand.slug


def add_nav_page(app, endpoint: str, label: str, permission: str) -> None:
    """List a brand page in the console's left nav, for members whose role has permission.

    Pass the label as lazy_gettext("..."): the nav is built once, read in every language.
    """
    if permission not in ALL_PERMISSIONS:
        raise ValueError(f"unknown console permission {permission!r}")
    app.extensions.setdefault(NAV_KEY, []).append(NavPage(endpoint, label, permission))


def _allowed(endpoint: str) -> bool:
    view = current_app.view_functions.get(endpoint)
    permission = getattr(view, "console_permission", None)
    return permission is not None and can(current_role(), permission)


def nav_context() -> dict:
    """What the console layout needs: the brand, the role, the nav, and the member's brands."""
    brand = g.get("console_brand")
    if brand is None:
        return {}
    pages = [
        (page.label, url_for(page.endpoint), page.endpoint == request.endpoint)
        for page in current_app.extensions.get(NAV_KEY, [])
        if can(current_role(), page.permission)
    ]
    new_campaign = []
    if _allowed(NEW_CAMPAIGN):
        chosen = request.args.get("kind") if request.endpoint == NEW_CAMPAIGN else None
        new_campaign = [
            (kind.label, url_for(NEW_CAMPAIGN, kind=kind.key), kind.key == chosen)
            for kind in all_kinds()
        ]
    return {
        "console_brand": brand,
        "console_role": current_role(),
        "console_nav": pages,
        "console_new_campaign": new_campaign,
        "console_my_brands": brands_of(current_user.id),
    }
