"""Badges, levels and streaks, issued as verifiable Open Badges 2.0.

Fan pages use shelf(fan), level(fan) and unseen_notices(fan) with the partials
templates/badges/_shelf.html, _level.html and _notice.html.
"""

from app.badges.awarding import award, revoke, set_public
from app.badges.backfilling import backfill
from app.badges.fan import level, shelf, unseen_notices
from app.badges.images import bake, unbake
from app.badges.levels import level_for

__all__ = [
    "award",
    "backfill",
    "bake",
    "init_app",
    "level",
    "level_for",
    "revoke",
    "set_public",
    "shelf",
    "unbake",
    "unseen_notices",
]


def init_app(app) -> None:
    """Register the public badge URLs, the console pages, and the after-action listener."""
    from flask_babel import lazy_gettext

    from app.badges import checks, console, views
    from app.console.access import add_nav_page
    from app.engagement.signals import event_recorded

    app.register_blueprint(views.bp)
    app.register_blueprint(console.bp)
    add_nav_page(app, "console_badges.index", lazy_gettext("Badges"), "read")
    # Only this app's events: tests and benches build several apps in one process.
    event_recorded.connect(checks.on_event_recorded, sender=app, weak=False)
