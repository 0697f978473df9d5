"""CampaignKind, the base of every kind, and the per-app registry of kinds."""

from dataclasses import dataclass

from flask import Blueprint, Flask, current_app

from app.engagement.types import EventType, register_event_types
from app.media.purposes import register_media_purposes

EXTENSION_KEY = "superfan.kinds"


@dataclass
class CampaignKind:
    """A kind of campaign (a game, a draw...) and what it plugs into the core."""

    key: str
    label: str
    event_types: tuple[EventType, ...] = ()
    fan_blueprint: Blueprint | None = None
    console_blueprint: Blueprint | None = None
    # What the kind stores images for (e.g. "entry_image"), passed to app.media.store_image.
    media_purposes: tuple[str, ...] = ()

    def validate_settings(self, settings: dict) -> list[str]:
        """Problems that stop a campaign with these settings from going live."""
        return []

    def summary(self, campaign) -> dict:
        """Figures for the analytics page."""
        return {}

    def close(self, campaign) -> None:
        """Work to do when the campaign reaches its end date."""

    def fan_page(self, campaign, fan):
        """The fan's play page at /e/<brand>/<campaign>: a response, or None for a generic page.

        Called only for a live campaign; `fan` is the browser's FanProfile in the brand, or
        None until the fan's first action (make one with fan_session.fan_profile). Extend
        templates/embed/layout.html (theme, language, embed.js contract, CSRF token; the
        page's script uses static/js/fan-api.js for words, elements and calls) and keep
        play routes under /e/<brand>/<campaign>/ so they use the fan session cookie.
        """
        return None

    def load_demo(self, brand) -> list[str]:
        """Add this kind's demo campaigns to the demo brand if missing; say what was done."""
        return []


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = {}


def register_kind(app: Flask, kind: CampaignKind) -> None:
    """Add a kind, its event types and its blueprints; duplicate keys stop start-up."""
    kinds = app.extensions[EXTENSION_KEY]
    if kind.key in kinds:
        raise ValueError(f"campaign kind {kind.key!r} is registered twice")
    register_event_types(app, kind.event_types)
    register_media_purposes(app, kind.media_purposes)
    kinds[kind.key] = kind
    for blueprint in (kind.fan_blueprint, kind.console_blueprint):
        if blueprint is not None:
            app.register_blueprint(blueprint)


def get_kind(key: str) -> CampaignKind:
    try:
        return current_app.extensions[EXTENSION_KEY][key]
    except KeyError:
        raise ValueError(f"unknown campaign kind {key!r}") from None


def all_kinds() -> list[CampaignKind]:
    return list(current_app.extensions[EXTENSION_KEY].values())
