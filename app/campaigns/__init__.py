"""CampaignKind, the base of every kind, and the per-app registry of kinds.

A kind supplies only what is its own: its settings (defaults, a form part read with a
FormReader, a strict check), its console editor pages, its fan page. The console's common
flow (app/console/views/campaigns.py) creates, edits and moves every kind's campaigns
through app/campaigns/lifecycle.py. docs/adding-a-kind.md walks through writing one.
"""

from dataclasses import dataclass
from datetime import datetime

from flask import Blueprint, Flask, current_app

from app.campaigns import languages
from app.engagement.types import EventType, register_event_types
from app.media.purposes import register_media_purposes

EXTENSION_KEY = "superfan.kinds"


@dataclass(frozen=True)
class WinnerRow:
    """A winner as a kind announces it: its own reference, the public code, fan and prize."""

    ref: str
    public_code: str
    fan_id: int | None
    prize: str = ""


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
    # Included inside the campaign page's settings form (fields only, no <form>).
    settings_template: str | None = None
    # Rendered after that form: the kind's own sections, posting to its console blueprint.
    panel_template: str | None = None
    # Whether fans see Campaign.rules_text, so the common form offers it.
    shows_rules_text: bool = True

    def default_settings(self) -> dict:
        """The settings of a new draft."""
        return {}

    def read_settings(self, reader, campaign) -> dict:
        """The settings form's values, read with an app.campaigns.forms.FormReader."""
        return {}

    def settings_context(self, campaign) -> dict:
        """What settings_template and panel_template need besides the campaign."""
        return {}

    def validate_settings(self, settings: dict) -> list:
        """Problems (str or refusals.Problem) that stop these settings from being saved."""
        return []

    def problems_before_live(self, campaign, now: datetime) -> list:
        """Problems that stop the campaign from being scheduled or going live."""
        return self.validate_settings(campaign.settings or {})

    def on_publish(self, campaign, now: datetime) -> None:
        """Work to do as the campaign leaves its draft (scheduled or live); flush, never commit."""

    def frozen_reason(self, campaign) -> str | None:
        """Why the campaign's fields and settings can no longer change, or None."""
        return None

    def editor_links(self, campaign) -> list[tuple[str, str]]:
        """(label, url) of the kind's own console pages for this campaign."""
        return []

    def winners(self, campaign) -> list[WinnerRow]:
        """The campaign's current winners, in order; the console's winners page keeps their
        fulfilment records (app/winners)."""
        return []

    def can_redraw(self, campaign) -> bool:
        """Whether a forfeited winner can be replaced from the alternates."""
        return False

    def redraw(self, campaign, ref: str, reason: str, *, now: datetime, by_user_id=None) -> None:
        """Replace the winner `ref` by the next alternate, logging why; flush, never commit."""
        raise NotImplementedError(f"{self.key} campaigns have no alternates")

    def summary(self, campaign) -> dict:
        """Figures for the analytics page."""
        return {}

    def analytics_panel(self, campaign) -> tuple[str, dict] | None:
        """The kind's own section of the campaign's analytics page: (template, context), or
        None. The template reads the context as `kind_panel`; its "tables", {name: (title,
        headings, rows)}, download as CSV from the page (?csv=kind_<name>)."""
        return None

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

    def missing_translations(self, campaign, languages: tuple[str, ...]) -> list[str]:
        """What of the kind's own content (questions, prizes...) has no text yet in these
        languages (the brand's besides its default), in words for the campaign page."""
        return []

    def fan_activity(self, fan) -> list["ActivitySection"]:
        """What this fan did in the brand's campaigns of this kind, for the console's fan page."""
        return []

    def fans_with_code(self, brand, code: str) -> list[int]:
        """Ids of the brand's fans known by this code (e.g. an entrant code), for fan search."""
        return []

    def funnel_steps(self) -> dict[str, str]:
        """{event type: funnel step} of the kind's event types that are steps of its
        campaigns' funnel (app/analytics), in funnel order: "started", "completed", "shared",
        or the kind's own ("photo_uploaded", "voted"). Viewed and opted in are the core's."""
        return {}

    def export_datasets(self, campaign) -> list:
        """The campaign's own lists staff can export as jobs (app.exports.datasets.Dataset:
        key, labels, count, write), beside the core's super fans and winners."""
        return []


@dataclass(frozen=True)
class ActivitySection:
    """One table on the console's fan page: a title, its column headings and its rows."""

    label: str
    columns: tuple[str, ...]
    rows: list[tuple]


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = {}
    # Fan templates write {{ translated(campaign, "title") }}: the fan's language, else the default.
    app.jinja_env.globals["translated"] = languages.translated
    # Console editors draw an input per extra language (console/_macros.html translated_field).
    app.jinja_env.globals["extra_languages"] = languages.extra_languages
    app.jinja_env.globals["default_language"] = languages.default_language
    app.jinja_env.globals["campaign_gaps"] = languages.campaign_gaps


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
