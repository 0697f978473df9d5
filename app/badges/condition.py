"""What every badge condition is: its form fields, its checks, and the registry by key.

A badge's `rule` is a list of conditions, dicts with a "kind" naming a registered
Condition. A new condition is one subclass in one module of app/badges/conditions/,
decorated with @register: the rule builder, validation, checks and the console's
descriptions all read it from here.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from app.extensions import db
from app.models import Brand


@dataclass(frozen=True)
class Field:
    """One input of the rule builder, stored under `name` in the condition.

    `input` says how the builder draws it: "action" (an event type), "number", "decimal",
    "campaign", "campaigns" (several) or "datetime".
    """

    name: str
    label: str
    input: str
    optional: bool = False


class Context:
    """What a check needs beside the fan: the time it runs at, and the brand if a rule asks."""

    def __init__(self, brand_id: int, now: datetime, brand=None):
        self.brand_id, self.now = brand_id, now
        # Several rules often count the same events: one query per check, not one per rule.
        self.counts: dict[tuple, int] = {}
        if brand is not None:
            # Anything with the brand's score_epoch and half_life_days: all score rules read.
            self.brand = brand

    @cached_property
    def brand(self) -> Brand:
        # Loaded on first use: only score rules need it, and this runs after every action.
        return db.session.get(Brand, self.brand_id)


class Condition(ABC):
    """One kind of condition. `fan` in checks is a FanProfile, or a row with its totals."""

    key: str
    # What the console's kind menu says, and the short name its field hints use.
    label: str
    short: str
    fields: tuple[Field, ...] = ()
    # Where the console's kind menu lists it (then by key): new conditions go last.
    menu_order = 1000
    # Heavy conditions rank all fans: they run in a job, never right after an action.
    heavy = False

    @abstractmethod
    def validate(self, brand, condition: dict, now: datetime) -> tuple[dict, dict[str, str]]:
        """The condition's fields in normal form, and a message per field that is wrong."""

    @abstractmethod
    def check(self, fan, condition: dict, ctx: Context) -> bool:
        """Whether the fan meets the (validated) condition now."""

    @abstractmethod
    def describe(self, condition: dict) -> str:
        """One line a person reads in the console."""

    def moved_by(self, condition: dict, event_type: str) -> bool:
        """Whether an event of this type can change the outcome: by default any action can,
        as it moves the fan's totals."""
        return True

    def counted_events(self, condition: dict) -> dict | None:
        """Which of the fan's events the check counts (event_type, campaign_id, since,
        until), so that the checks after an action count them all in one statement."""
        return None


REGISTRY: dict[str, Condition] = {}


def register(cls: type[Condition]) -> type[Condition]:
    """Class decorator: make the condition available to every badge rule, under its key."""
    if cls.key in REGISTRY:
        raise ValueError(f"badge condition {cls.key!r} is registered twice")
    REGISTRY[cls.key] = cls()
    return cls
