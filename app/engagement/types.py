"""Event types: which axis an action feeds, its default points and daily cap."""

from dataclasses import dataclass

from flask import Flask, current_app
from flask_babel import lazy_gettext

from app.models import AXES

EXTENSION_KEY = "superfan.event_types"
TRAITS = frozenset({"win", "entry", "vote"})


@dataclass(frozen=True)
class EventType:
    key: str
    axis: str
    points: int
    # How many of these events earn points per fan per day; None means no cap.
    daily_cap: int | None = None
    # What the core reads about it: "win" (badges' win rule), "entry" (fraud checks the entrant).
    traits: frozenset[str] = frozenset()
    # What staff read for it (a lazy_gettext string): "Quiz completed".
    label: str = ""

    def __post_init__(self):
        object.__setattr__(self, "traits", frozenset(self.traits))
        if self.traits - TRAITS:
            raise ValueError(f"event type {self.key!r}: traits must be among {', '.join(TRAITS)}")
        if self.axis not in AXES:
            raise ValueError(f"event type {self.key!r}: axis must be one of {', '.join(AXES)}")


# Platform-wide actions that are not tied to one campaign kind. Purchases are never an input.
CORE_EVENT_TYPES = (
    EventType(
        "profile_completed",
        "participation",
        5,
        daily_cap=1,
        label=lazy_gettext("Profile completed"),
    ),
    EventType(
        "campaign_viewed", "participation", 1, daily_cap=10, label=lazy_gettext("Campaign viewed")
    ),
    # Its idempotency key is per fan and day, so it can never happen twice in a day.
    EventType("return_visit", "loyalty", 3, label=lazy_gettext("Return visit")),
    EventType(
        "referral_joined", "influence", 15, daily_cap=20, label=lazy_gettext("Friend joined")
    ),
    EventType(
        "share_visit", "influence", 2, daily_cap=25, label=lazy_gettext("Visit from a share")
    ),
    EventType("badge_earned", "participation", 0, label=lazy_gettext("Badge earned")),
)


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = {t.key: t for t in CORE_EVENT_TYPES}


def register_event_types(app: Flask, event_types) -> None:
    """Add a kind's event types; a key registered twice is a start-up error."""
    known = app.extensions[EXTENSION_KEY]
    for event_type in event_types:
        if event_type.key in known:
            raise ValueError(f"event type {event_type.key!r} is registered twice")
    known.update({t.key: t for t in event_types})


def event_label(key: str) -> str:
    """What staff read for an event type; the key itself for a type no kind registers now."""
    known = current_app.extensions[EXTENSION_KEY].get(key)
    return str(known.label) if known is not None and known.label else key.replace("_", " ")


def event_type(key: str) -> EventType:
    try:
        return current_app.extensions[EXTENSION_KEY][key]
    except KeyError:
        raise ValueError(f"unknown event type {key!r}") from None


def event_types_with(trait: str) -> frozenset[str]:
    """The keys of the registered event types that declare a trait."""
    known = current_app.extensions[EXTENSION_KEY]
    return frozenset(key for key, type_ in known.items() if trait in type_.traits)
