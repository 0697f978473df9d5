"""Funnel steps: the core's, and each kind's event types mapped to steps by its contract."""

from flask import current_app

from app.campaigns import all_kinds, get_kind

EXTENSION_KEY = "superfan.analytics.steps"
# Steps the core captures itself, in funnel order where they are in the funnel.
VIEWED, OPTED_IN = "viewed", "opted_in"
SHARE_VISIT, JOINED_FROM_SHARE, SHARED = "share_visit", "joined_from_share", "shared"
# Core event types (app/engagement/types.py) that are funnel steps.
CORE_EVENT_STEPS = {"share_visit": SHARE_VISIT, "referral_joined": JOINED_FROM_SHARE}
# Steps that are not playing: a visitor's widest other step in a campaign is its plays.
NOT_PLAYING = frozenset({VIEWED, OPTED_IN, SHARED, SHARE_VISIT, JOINED_FROM_SHARE})


def step_for(event_type: str) -> str | None:
    """The funnel step an engagement event type stands for, if any."""
    steps = current_app.extensions.get(EXTENSION_KEY)
    if steps is None:
        # Kinds register after the core: the map is made on first use, once per app.
        steps = dict(CORE_EVENT_STEPS)
        for kind in all_kinds():
            steps.update(kind.funnel_steps())
        current_app.extensions[EXTENSION_KEY] = steps
    return steps.get(event_type)


def funnel_order(kind_key: str) -> list[str]:
    """A campaign's funnel: viewed, the kind's steps in the order it declares, opted in."""
    try:
        declared = get_kind(kind_key).funnel_steps().values()
    except ValueError:
        declared = ()
    middle = [step for step in dict.fromkeys(declared) if step not in (VIEWED, OPTED_IN)]
    return [VIEWED, *middle, OPTED_IN]
