"""Badge rules: the condition kinds, their validation on save, and checking them for one fan.

A badge's `rule` is a list of conditions (dicts with a "kind"); the badge's combinator says
whether all or any must hold. Cheap conditions read the fan's aggregates or one indexed
count and run right after an action; heavy ones (ranking all fans) run in a job.
"""

from collections.abc import Iterable
from datetime import datetime
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import and_, bindparam, func, select

from app import clock
from app.badges.errors import Invalid
from app.engagement.scoring import decayed
from app.engagement.types import EXTENSION_KEY, event_types_with
from app.extensions import db
from app.models import Brand, Campaign, CampaignParticipation, EngagementEvent, FanProfile

KINDS = {
    "count": "Do an action N times",
    "first_n": "Be among the first N fans to do an action",
    "streak": "Be active N days in a row",
    "points": "Reach a number of points",
    "score": "Reach an engagement score",
    "campaigns": "Take part in every campaign of a set",
    "win": "Win a campaign",
}
HEAVY_KINDS = frozenset({"first_n"})
# Conditions that count the fan's events of one type.
COUNTED_KINDS = frozenset({"count", "win"})
# Beyond these nobody can get there in a badge's lifetime: a typo, not a goal.
MAX_COUNT = 100_000
MAX_STREAK_DAYS = 3660
MAX_POINTS = 10_000_000
MAX_FIRST_N = 1_000_000


class RuleInvalid(Invalid):
    """A rule that cannot be saved: a message per field (e.g. "0.count"), for the form."""


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


def known_event_types() -> set[str]:
    return set(current_app.extensions[EXTENSION_KEY])


def validate(brand, conditions: list[dict], combinator: str, now: datetime | None = None) -> list:
    """The rule in normal form, or RuleInvalid naming every problem."""
    now = now or clock.now()
    problems: dict[str, str] = {}
    if combinator not in ("all", "any"):
        problems["combinator"] = "Choose whether all or any of the conditions must be met."
    if not conditions:
        problems["rule"] = "Add at least one condition."
    clean = []
    for n, condition in enumerate(conditions):
        fixed, errors = _validate_one(brand, condition, now)
        problems.update({f"{n}.{field}": message for field, message in errors.items()})
        clean.append(fixed)
    if problems:
        raise RuleInvalid(problems)
    return clean


def _positive_int(condition, field, limit, problems, label) -> int | None:
    value = condition.get(field)
    try:
        number = int(value)
    except (TypeError, ValueError):
        problems[field] = f"{label} must be a whole number."
        return None
    if number <= 0:
        problems[field] = f"{label} must be at least 1, or nobody could ever meet it."
    elif number > limit:
        problems[field] = f"{label} can be at most {limit:,}: more is out of anyone's reach."
    return number


def _when(brand, condition, field, problems) -> datetime | None:
    value = condition.get(field)
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        try:
            parsed = datetime.fromisoformat(str(value))
        except ValueError:
            problems[field] = "Give a date as YYYY-MM-DD or YYYY-MM-DDTHH:MM."
            return None
    if parsed.tzinfo is None:
        # The console's datetime-local inputs carry no zone: they mean the brand's local time.
        parsed = parsed.replace(tzinfo=ZoneInfo(brand.timezone))
    return parsed


def _campaign(brand, value, problems, field) -> int | None:
    if value in (None, ""):
        return None
    try:
        campaign_id = int(value)
    except (TypeError, ValueError):
        problems[field] = "Choose a campaign from the list."
        return None
    exists = db.session.scalar(
        select(Campaign.id).where(Campaign.id == campaign_id, Campaign.brand_id == brand.id)
    )
    if exists is None:
        problems[field] = "This campaign is not one of this brand's campaigns."
    return campaign_id


def _event_type(condition, problems, *, allow_wins=False) -> str | None:
    key = (condition.get("event_type") or "").strip()
    if not key:
        problems["event_type"] = "Choose an action."
    elif key not in known_event_types():
        problems["event_type"] = f"Unknown action {key!r}: no campaign kind records it."
    elif allow_wins and key not in event_types_with("win"):
        problems["event_type"] = f"{key!r} is not a win: choose an action a kind declares as one."
    elif key == "badge_earned":
        problems["event_type"] = "A badge cannot be earned by earning badges."
    return key


def _validate_one(brand, condition: dict, now: datetime) -> tuple[dict, dict[str, str]]:
    problems: dict[str, str] = {}
    kind = condition.get("kind")
    if kind not in KINDS:
        return condition, {"kind": "Choose what the fan has to do."}
    fixed: dict = {"kind": kind}
    if kind in ("count", "first_n", "win"):
        fixed["event_type"] = _event_type(condition, problems, allow_wins=kind == "win")
        campaign_id = _campaign(brand, condition.get("campaign_id"), problems, "campaign_id")
        if campaign_id is not None:
            fixed["campaign_id"] = campaign_id
    if kind in ("count", "win"):
        default = 1 if kind == "win" else None
        condition = {"count": default, **{k: v for k, v in condition.items() if v != ""}}
        fixed["count"] = _positive_int(condition, "count", MAX_COUNT, problems, "The number")
    if kind == "count":
        since = _when(brand, condition, "since", problems)
        until = _when(brand, condition, "until", problems)
        if until is not None and until <= now:
            problems["until"] = "This window has already ended: nobody could meet it any more."
        if since is not None and until is not None and until <= since:
            problems["until"] = "The window must end after it starts."
        if since is not None:
            fixed["since"] = since.isoformat()
        if until is not None:
            fixed["until"] = until.isoformat()
    elif kind == "first_n":
        fixed["n"] = _positive_int(condition, "n", MAX_FIRST_N, problems, "The number of fans")
    elif kind == "streak":
        fixed["days"] = _positive_int(condition, "days", MAX_STREAK_DAYS, problems, "The streak")
    elif kind == "points":
        label = "The points"
        fixed["threshold"] = _positive_int(condition, "threshold", MAX_POINTS, problems, label)
    elif kind == "score":
        try:
            threshold = float(condition.get("threshold"))
        except (TypeError, ValueError):
            problems["threshold"] = "The score must be a number."
        else:
            if not 0 < threshold <= MAX_POINTS:
                problems["threshold"] = f"The score must be above 0 and at most {MAX_POINTS:,}."
            fixed["threshold"] = threshold
    elif kind == "campaigns":
        ids = condition.get("campaign_ids") or []
        if isinstance(ids, str | int):
            ids = [ids]
        fixed["campaign_ids"] = []
        if not ids:
            problems["campaign_ids"] = "Choose at least one campaign."
        for value in ids:
            campaign_id = _campaign(brand, value, problems, "campaign_ids")
            if campaign_id is not None and campaign_id not in fixed["campaign_ids"]:
                fixed["campaign_ids"].append(campaign_id)
    return fixed, problems


# Conditions on the fan's totals, which any action can move; the others name an event type.
MOVED_BY_ANY_EVENT = {"points", "score", "streak", "campaigns"}


def could_change(conditions: Iterable[dict], event_type: str) -> bool:
    """Whether an event of this type can move the rule: if no condition moves, neither does it."""
    return any(
        c["kind"] in MOVED_BY_ANY_EVENT or c.get("event_type") == event_type for c in conditions
    )


def is_heavy(conditions: Iterable[dict]) -> bool:
    return any(c["kind"] in HEAVY_KINDS for c in conditions)


def relevant_to(conditions: Iterable[dict], event_type: str) -> bool:
    """Whether an event of this type could move a heavy condition."""
    return any(c["kind"] in HEAVY_KINDS and c.get("event_type") == event_type for c in conditions)


def worth_a_job(fan, conditions: list[dict], combinator: str, ctx: Context, event_type: str):
    """Whether a heavy rule the cheap checks could not settle may be met now.

    It may when this event moves a heavy condition, or, for "all", when every cheap condition
    holds (the heavy one may have held since an earlier action).
    """
    if not is_heavy(conditions):
        return False
    if relevant_to(conditions, event_type):
        return True
    cheap = [c for c in conditions if c["kind"] not in HEAVY_KINDS]
    return combinator == "all" and bool(cheap) and all(_check(fan, c, ctx) for c in cheap)


def met(fan: FanProfile, conditions: list[dict], combinator: str, ctx: Context, *, heavy=True):
    """Whether the fan meets the rule; with heavy=False a heavy condition counts as unmet."""
    results = (
        _check(fan, c, ctx) if heavy or c["kind"] not in HEAVY_KINDS else False for c in conditions
    )
    return all(results) if combinator == "all" else any(results)


COUNT_FIELDS = ("event_type", "campaign_id", "since", "until")


def _matching(condition: dict):
    """Which of a fan's events a count or win condition counts."""
    clauses = [EngagementEvent.type == condition["event_type"]]
    if condition.get("campaign_id") is not None:
        clauses.append(EngagementEvent.campaign_id == condition["campaign_id"])
    if condition.get("since"):
        clauses.append(EngagementEvent.created_at >= datetime.fromisoformat(condition["since"]))
    if condition.get("until"):
        clauses.append(EngagementEvent.created_at < datetime.fromisoformat(condition["until"]))
    return and_(*clauses)


def _count_key(fan_id: int, condition: dict) -> tuple:
    return (fan_id, *(condition.get(k) for k in COUNT_FIELDS))


@lru_cache(maxsize=256)
def _counting(wanted: tuple[tuple, ...]):
    """One statement counting a fan's events for each (COUNT_FIELDS) given.

    Built once per set of conditions: the checks after every action run it, and building
    a statement costs more than running it.
    """
    conditions = [dict(zip(COUNT_FIELDS, fields, strict=True)) for fields in wanted]
    return select(*(func.count().filter(_matching(c)) for c in conditions)).where(
        EngagementEvent.fan_id == bindparam("fan_id"),
        EngagementEvent.type.in_(sorted({c["event_type"] for c in conditions})),
    )


def know_count(fan_id: int, event_type: str, count: int, ctx: Context) -> None:
    """Note how many events of one type the fan has in all, already counted elsewhere."""
    ctx.counts[_count_key(fan_id, {"event_type": event_type})] = count


def count_at_once(fan_id: int, conditions: Iterable[dict], ctx: Context) -> None:
    """Count the fan's events for every count and win condition given, in one statement.

    The counts land in ctx.counts, where the checks find them instead of counting one by one.
    """
    wanted = {}
    for condition in conditions:
        if condition["kind"] in COUNTED_KINDS:
            key = _count_key(fan_id, condition)
            if key not in ctx.counts:
                wanted[key] = key[1:]
    if not wanted:
        return
    counts = db.session.execute(_counting(tuple(wanted.values())), {"fan_id": fan_id}).one()
    ctx.counts.update(zip(wanted, counts, strict=True))


def _check(fan: FanProfile, condition: dict, ctx: Context) -> bool:
    kind = condition["kind"]
    if kind in COUNTED_KINDS:
        key = _count_key(fan.id, condition)
        if key not in ctx.counts:
            count_at_once(fan.id, [condition], ctx)
        return ctx.counts[key] >= condition["count"]
    if kind == "streak":
        # The engine counts streak days in the brand's time zone; best_streak keeps a streak
        # that was reached even if the fan has paused since.
        return fan.best_streak >= condition["days"]
    if kind == "points":
        return fan.points >= condition["threshold"]
    if kind == "score":
        return decayed(fan.score_base, ctx.brand, ctx.now) >= condition["threshold"]
    if kind == "campaigns":
        wanted = condition["campaign_ids"]
        played = db.session.scalar(
            select(func.count()).where(
                CampaignParticipation.fan_id == fan.id,
                CampaignParticipation.campaign_id.in_(wanted),
            )
        )
        return played == len(wanted)
    if kind == "first_n":
        return _among_first(fan, condition)
    raise ValueError(f"unknown condition kind {kind!r}")


def _among_first(fan: FanProfile, condition: dict) -> bool:
    """Rank fans by their first such event (then id): deterministic, so races cannot add one."""
    firsts = (
        select(EngagementEvent.fan_id, func.min(EngagementEvent.created_at).label("first_at"))
        .where(
            EngagementEvent.brand_id == fan.brand_id,
            EngagementEvent.type == condition["event_type"],
        )
        .group_by(EngagementEvent.fan_id)
    )
    if condition.get("campaign_id") is not None:
        firsts = firsts.where(EngagementEvent.campaign_id == condition["campaign_id"])
    firsts = firsts.subquery()
    mine = db.session.scalar(select(firsts.c.first_at).where(firsts.c.fan_id == fan.id))
    if mine is None:
        return False
    ahead = db.session.scalar(
        select(func.count()).where(
            (firsts.c.first_at < mine) | ((firsts.c.first_at == mine) & (firsts.c.fan_id < fan.id))
        )
    )
    return ahead < condition["n"]


def describe(condition: dict) -> str:
    """One line a person reads in the console."""
    kind = condition["kind"]
    where = f" in campaign #{condition['campaign_id']}" if condition.get("campaign_id") else ""
    if kind == "count":
        window = ""
        if condition.get("since") or condition.get("until"):
            since, until = condition.get("since", "…"), condition.get("until", "…")
            window = f" between {since[:16]} and {until[:16]}"
        return f"{condition['event_type']} times {condition['count']}{where}{window}"
    if kind == "first_n":
        return f"among the first {condition['n']} fans to {condition['event_type']}{where}"
    if kind == "streak":
        return f"{condition['days']} active days in a row"
    if kind == "points":
        return f"{condition['threshold']} points"
    if kind == "score":
        return f"engagement score {condition['threshold']:g}"
    if kind == "campaigns":
        return "every campaign of " + ", ".join(f"#{c}" for c in condition["campaign_ids"])
    if kind == "win":
        return f"{condition['event_type']} times {condition['count']}{where}"
    return kind
