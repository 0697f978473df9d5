"""Brands a staff member belongs to, and creating a new one (its creator becomes owner)."""

import re
import unicodedata

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.console.services import Invalid
from app.extensions import db
from app.models import Brand, Membership, User

SLUG_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
# Words the console's own URLs use right after /console/.
RESERVED_SLUGS = frozenset({"login", "logout", "password-reset", "brands", "invitations", "new"})
NAME_MAX = 200
DEFAULT_THEME = {"primary": "#1f4f8b", "accent": "#f2b134"}


def slugify(name: str) -> str:
    """'Café Lumière!' -> 'cafe-lumiere'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:64].strip("-")


def brands_of(user_id: int) -> list[tuple[Brand, str]]:
    """The brands this person works on, with their role in each, by name."""
    rows = db.session.execute(
        select(Brand, Membership.role)
        .join(Membership, Membership.brand_id == Brand.id)
        .where(Membership.user_id == user_id)
        .order_by(Brand.name, Brand.id)
    )
    return [(brand, role) for brand, role in rows]


def create_brand(user: User, name: str, slug: str = "") -> Brand:
    """A new brand with `user` as its owner."""
    name = name.strip()
    slug = slug.strip().lower() or slugify(name)
    problems = {}
    if not name:
        problems["name"] = _("Give the brand a name.")
    elif len(name) > NAME_MAX:
        problems["name"] = _("Use at most %(count)d characters.", count=NAME_MAX)
    if not SLUG_PATTERN.fullmatch(slug):
        problems["slug"] = _(
            "Use 1 to 64 lowercase letters, digits and dashes, starting and ending with a "
            "letter or digit (it appears in links)."
        )
    elif slug in RESERVED_SLUGS:
        problems["slug"] = _("“%(slug)s” is reserved by the console; choose another.", slug=slug)
    elif db.session.scalar(select(Brand.id).where(Brand.slug == slug)) is not None:
        problems["slug"] = _("“%(slug)s” is taken; choose another.", slug=slug)
    if problems:
        raise Invalid(problems)
    brand = Brand(slug=slug, name=name, theme=dict(DEFAULT_THEME))
    try:
        # A savepoint, so a slug taken a moment ago by someone else fails only this insert.
        with db.session.begin_nested():
            db.session.add(brand)
            db.session.flush()
    except IntegrityError:
        raise Invalid({"slug": _("“%(slug)s” is taken; choose another.", slug=slug)}) from None
    db.session.add(Membership(brand_id=brand.id, user_id=user.id, role="owner"))
    db.session.flush()
    return brand
