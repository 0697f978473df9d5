"""Editing badges: the editor's fields, saving (a changed rule is back-filled), deleting."""

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from app.badges import rules
from app.badges.backfilling import start_backfill
from app.badges.errors import Invalid
from app.extensions import db
from app.media import store_image
from app.models import Badge, Brand, utcnow

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
# Paths under /badges/<brand>/ that a badge slug would shadow.
RESERVED_SLUGS = frozenset({"issuer", "assertions", "shared"})


@dataclass
class BadgeForm:
    """The badge editor's fields, as typed; conditions come from the rule builder's rows."""

    name: str = ""
    slug: str = ""
    description: str = ""
    criteria: str = ""
    combinator: str = "all"
    active: bool = True
    conditions: list[dict] = field(default_factory=list)

    @classmethod
    def from_badge(cls, badge: Badge) -> "BadgeForm":
        return cls(
            badge.name,
            badge.slug,
            badge.description,
            badge.criteria,
            badge.combinator,
            badge.active,
            [dict(c) for c in badge.rule],
        )


def save_badge(brand: Brand, badge: Badge | None, form: BadgeForm, image=None) -> Badge:
    """Create or change a badge; a new or changed rule is back-filled by a job. Flushes."""
    problems: dict[str, str] = {}
    name, slug = form.name.strip(), form.slug.strip().lower()
    if not name:
        problems["name"] = _("Give the badge a name fans will see.")
    elif len(name) > 120:
        problems["name"] = _("A name can be at most 120 characters.")
    if not SLUG.match(slug):
        problems["slug"] = _("Use lowercase letters, digits and dashes (up to 64).")
    elif slug in RESERVED_SLUGS:
        problems["slug"] = _("“%(slug)s” is reserved; choose another.", slug=slug)
    else:
        taken = db.session.scalar(
            select(Badge.id).where(Badge.brand_id == brand.id, Badge.slug == slug)
        )
        if taken is not None and (badge is None or taken != badge.id):
            problems["slug"] = _("Another badge of this brand already uses this address.")
    if not form.description.strip():
        problems["description"] = _("Describe the badge in a sentence.")
    try:
        conditions = rules.validate(brand, form.conditions, form.combinator)
    except rules.RuleInvalid as error:
        problems.update(error.problems)
        conditions = []
    if problems:
        raise Invalid(problems)
    rule_changed = badge is None or (conditions, form.combinator) != (badge.rule, badge.combinator)
    if badge is None:
        badge = Badge(brand_id=brand.id, created_at=utcnow())
        db.session.add(badge)
    badge.name, badge.slug = name, slug
    badge.description, badge.criteria = form.description.strip(), form.criteria.strip()
    badge.rule, badge.combinator, badge.active = conditions, form.combinator, form.active
    badge.updated_at = utcnow()
    if image is not None:
        badge.image_id = store_image(image, brand_id=brand.id, purpose="badge_image").id
    db.session.flush()
    if rule_changed and badge.active:
        start_backfill(badge)
    return badge


def delete_badge(badge: Badge) -> None:
    """Soft delete: nobody earns it any more; issued awards stay verifiable. Flushes."""
    badge.deleted_at = badge.deleted_at or utcnow()
    badge.active = False
    db.session.flush()
