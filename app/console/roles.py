"""What each staff role may do in a brand: the one table every console check reads.

- owner: everything, and the only role that manages members and roles.
- manager: campaigns, moderation, settings (including the brand-site secret), analytics and
  super-fan exports; not members.
- moderator: the moderation pages that campaign kinds add, and read-only pages.
- analyst: read-only pages, analytics and super-fan exports (exports hold fans' emails).
"""

from flask_babel import gettext, lazy_gettext

from app.models import ROLES

# read: campaign list, leaderboards and other pages that show no personal data.
PERMISSIONS: dict[str, frozenset[str]] = {
    "owner": frozenset(
        {"read", "campaigns", "moderate", "analytics", "export", "settings", "members"}
    ),
    "manager": frozenset({"read", "campaigns", "moderate", "analytics", "export", "settings"}),
    "moderator": frozenset({"read", "moderate"}),
    "analyst": frozenset({"read", "analytics", "export"}),
}
ALL_PERMISSIONS = frozenset().union(*PERMISSIONS.values())
# What each role is called and may do, in the staff member's language: every page that
# shows a role reads it here (role_name, the console's `role_name` filter).
ROLE_NAMES = {
    "owner": lazy_gettext("Owner"),
    "manager": lazy_gettext("Manager"),
    "moderator": lazy_gettext("Moderator"),
    "analyst": lazy_gettext("Analyst"),
}
ROLE_LABELS = {
    "owner": lazy_gettext("everything, including members and roles"),
    "manager": lazy_gettext("campaigns, moderation, settings, analytics, exports"),
    "moderator": lazy_gettext("moderation and read-only pages"),
    "analyst": lazy_gettext("read-only pages, analytics and exports"),
}

if set(PERMISSIONS) != set(ROLES) or set(ROLE_NAMES) != set(ROLES):
    raise RuntimeError("app.console.roles must describe every role in app.models.ROLES")


def role_name(role: str | None) -> str:
    """The role as staff read it; an unknown value (none) as it is stored."""
    return str(ROLE_NAMES.get(role, role or ""))


def role_options(described: bool = False) -> list[tuple[str, str]]:
    """(role, its name) for a select, in ROLES order; with what it may do when `described`."""
    if not described:
        return [(role, role_name(role)) for role in ROLES]
    return [
        (role, gettext("%(role)s: %(can)s", role=role_name(role), can=ROLE_LABELS[role]))
        for role in ROLES
    ]


def can(role: str | None, permission: str) -> bool:
    if permission not in ALL_PERMISSIONS:
        raise ValueError(f"unknown console permission {permission!r}")
    return role is not None and permission in PERMISSIONS.get(role, ())
