"""Badge rules: a list of conditions and a combinator, validated, checked and described.

The badge's combinator says whether all or any condition must hold. Each condition is
handled by the Condition registered under its "kind" (app/badges/conditions/). Cheap
conditions read the fan's totals or one indexed count and run right after an action;
heavy ones (ranking all fans) run in a job.
"""

from collections.abc import Iterable
from datetime import datetime

from flask_babel import gettext as _

from app import clock
from app.badges import counting
from app.badges.condition import Context
from app.badges.conditions import condition_for, is_known
from app.badges.errors import Invalid


class RuleInvalid(Invalid):
    """A rule that cannot be saved: a message per field (e.g. "0.count"), for the form."""


def validate(brand, conditions: list[dict], combinator: str, now: datetime | None = None) -> list:
    """The rule in normal form, or RuleInvalid naming every problem."""
    now = now or clock.now()
    problems: dict[str, str] = {}
    if combinator not in ("all", "any"):
        problems["combinator"] = _("Choose whether all or any of the conditions must be met.")
    if not conditions:
        problems["rule"] = _("Add at least one condition.")
    clean = []
    for n, condition in enumerate(conditions):
        kind = condition.get("kind")
        if is_known(kind):
            fixed, errors = condition_for(kind).validate(brand, condition, now)
            fixed = {"kind": kind, **fixed}
        else:
            fixed, errors = condition, {"kind": _("Choose what the fan has to do.")}
        problems.update({f"{n}.{field}": message for field, message in errors.items()})
        clean.append(fixed)
    if problems:
        raise RuleInvalid(problems)
    return clean


def could_change(conditions: Iterable[dict], event_type: str) -> bool:
    """Whether an event of this type can move the rule: if no condition moves, neither does it."""
    return any(condition_for(c["kind"]).moved_by(c, event_type) for c in conditions)


def _is_heavy(condition: dict) -> bool:
    return condition_for(condition["kind"]).heavy


def worth_a_job(fan, conditions: list[dict], combinator: str, ctx: Context, event_type: str):
    """Whether a heavy rule the cheap checks could not settle may be met now.

    It may when this event moves a heavy condition, or, for "all", when every cheap condition
    holds (the heavy one may have held since an earlier action).
    """
    heavy = [c for c in conditions if _is_heavy(c)]
    if not heavy:
        return False
    if any(condition_for(c["kind"]).moved_by(c, event_type) for c in heavy):
        return True
    cheap = [c for c in conditions if not _is_heavy(c)]
    return combinator == "all" and bool(cheap) and all(_check(fan, c, ctx) for c in cheap)


def met(fan, conditions: list[dict], combinator: str, ctx: Context, *, heavy=True) -> bool:
    """Whether the fan meets the rule; with heavy=False a heavy condition counts as unmet."""
    results = (_check(fan, c, ctx) if heavy or not _is_heavy(c) else False for c in conditions)
    return all(results) if combinator == "all" else any(results)


def _check(fan, condition: dict, ctx: Context) -> bool:
    return condition_for(condition["kind"]).check(fan, condition, ctx)


def count_at_once(fan_id: int, conditions: Iterable[dict], ctx: Context) -> None:
    """Count the fan's events for every condition given that counts some, in one statement."""
    described = (condition_for(c["kind"]).counted_events(c) for c in conditions)
    counting.count_at_once(fan_id, [events for events in described if events], ctx)


def describe(condition: dict) -> str:
    """One line a person reads in the console."""
    kind = condition["kind"]
    return condition_for(kind).describe(condition) if is_known(kind) else kind
