"""The brand console shell: brands, members, settings, campaign list."""

from zoneinfo import ZoneInfo

from flask import request
from flask_babel import lazy_gettext

from app.console import access
from app.console.cli import staff_cli
from app.console.roles import role_name
from app.console.views import (
    analytics,
    campaign_analytics,
    campaigns,
    exports,
    fans,
    home,
    language,
    leaderboard,
    members,
    settings,
    winners,
)
from app.engagement.types import event_label

CONSOLE_PREFIX = "/console"
SECURITY_HEADERS = {
    # The console is never framed by anyone; only fan pages under /e/ may be.
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def init_app(app) -> None:
    """Register the console's blueprints and hooks."""
    # Flask's defaults already hold SESSION_COOKIE_SAMESITE=None, so setdefault would not do.
    if app.config.get("SESSION_COOKIE_SAMESITE") is None:
        app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    for module in (
        home,
        language,
        campaigns,
        campaign_analytics,
        analytics,
        leaderboard,
        fans,
        winners,
        exports,
        members,
        settings,
    ):
        app.register_blueprint(module.bp)
    for endpoint, label, permission in (
        ("console_campaigns.index", lazy_gettext("Campaigns"), "read"),
        ("console_leaderboard.index", lazy_gettext("Leaderboard"), "read"),
        ("console_analytics.index", lazy_gettext("Analytics"), "analytics"),
        ("console_fans.index", lazy_gettext("Fans"), "read"),
        ("console_winners.index", lazy_gettext("Winners"), "read"),
        ("console_exports.index", lazy_gettext("Exports"), "export"),
        ("console_members.index", lazy_gettext("Members"), "members"),
        ("console_fans.access", lazy_gettext("Staff access log"), "members"),
        ("console_settings.index", lazy_gettext("Settings"), "settings"),
        ("console_settings.consent", lazy_gettext("Consent text"), "settings"),
    ):
        access.add_nav_page(app, endpoint, label, permission)
    app.url_defaults(access.fill_brand_slug)
    app.after_request(add_security_headers)
    app.add_template_filter(local_time, "console_time")
    app.add_template_filter(event_label, "event_label")
    app.add_template_filter(role_name, "role_name")
    app.cli.add_command(staff_cli)


def is_console_path(path: str) -> bool:
    return path == CONSOLE_PREFIX or path.startswith(CONSOLE_PREFIX + "/")


def add_security_headers(response):
    """Every console response, errors included, refuses to be framed."""
    if is_console_path(request.path):
        for header, value in SECURITY_HEADERS.items():
            response.headers[header] = value
    return response


def local_time(value, brand, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """An instant as the brand's staff read it: in the brand's time zone."""
    if value is None:
        return ""
    return value.astimezone(ZoneInfo(brand.timezone)).strftime(fmt)
