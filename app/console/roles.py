"""What each staff role may do in a brand: the one table every console check reads.

- owner: everything, and the only role that manages members and roles.
- manager: campaigns, moderation, settings (including the brand-site secret), analytics and
  super-fan exports; not members.
- moderator: the moderation pages that campaign kinds add, and read-only pages.
- analyst: read-only pages, analytics and super-fan exports (exports hold fans' emails).
"""

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
ROLE_LABELS = {
    "owner": "everything, including members and roles",
    "manager": "campaigns, moderation, settings, analytics, exports",
    "moderator": "moderation and read-only pages",
    "analyst": "read-only pages, analytics and exports",
}

if set(PERMISSIONS) != set(ROLES):
    raise RuntimeError("app.console.roles must describe every role in app.models.ROLES")


def can(role: str | None, permission: str) -> bool:
    if permission not in ALL_PERMISSIONS:
        raise ValueError(f"unknown console permission {permission!r}")
    return role is not None and permission in PERMISSIONS.get(role, ())
