"""The rule builder's fields that several badge conditions share, and how each is checked."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _
from sqlalchemy import select

from app.badges.condition import Field
from app.engagement.types import EXTENSION_KEY, event_label, event_types_with
from app.extensions import db
from app.models import Campaign

ACTION = Field("event_type", _("Action"), "action")
TIMES = Field("count", _("Times"), "number")
IN_CAMPAIGN = Field("campaign_id", _("In campaign"), "campaign", optional=True)
THRESHOLD = Field("threshold", _("Threshold"), "decimal")

# Beyond these nobody can get there in a badge's lifetime: a typo, not a goal.
MAX_COUNT = 100_000
MAX_POINTS = 10_000_000


def known_event_types() -> set[str]:
    return set(current_app.extensions[EXTENSION_KEY])


def positive_int(condition, field, limit, problems, label) -> int | None:
    value = condition.get(field)
    try:
        number = int(value)
    except (TypeError, ValueError):
        problems[field] = _("%(label)s must be a whole number.", label=label)
        return None
    if number <= 0:
        problems[field] = _(
            "%(label)s must be at least 1, or nobody could ever meet it.", label=label
        )
    elif number > limit:
        problems[field] = _(
            "%(label)s can be at most %(limit)s: more is out of anyone's reach.",
            label=label,
            limit=format(limit, ","),
        )
    return number


def when(brand, condition, field, problems) -> datetime | None:
    value = condition.get(field)
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        try:
            parsed = datetime.fromisoformat(str(value))
        except ValueError:
            problems[field] = _("Give a date as YYYY-MM-DD or YYYY-MM-DDTHH:MM.")
            return None
    if parsed.tzinfo is None:
        # The console's datetime-local inputs carry no zone: they mean the brand's local time.
        parsed = parsed.replace(tzinfo=ZoneInfo(brand.timezone))
    return parsed


def campaign(brand, value, problems, field) -> int | None:
    if value in (None, ""):
        return None
    try:
        campaign_id = int(value)
    except (TypeError, ValueError):
        problems[field] = _("Choose a campaign from the list.")
        return None
    exists = db.session.scalar(
        select(Campaign.id).where(Campaign.id == campaign_id, Campaign.brand_id == brand.id)
    )
    if exists is None:
        problems[field] = _("This campaign is not one of this brand's campaigns.")
    return campaign_id


def event_type(condition, problems, *, wins_only=False) -> str | None:
    key = (condition.get("event_type") or "").strip()
    if not key:
        problems["event_type"] = _("Choose an action.")
    elif key not in known_event_types():
        problems["event_type"] = _(
            "Unknown action “%(key)s”: no campaign kind records it.", key=key
        )
    elif wins_only and key not in event_types_with("win"):
        problems["event_type"] = _(
            "“%(key)s” is not a win: choose an action a kind declares as one.", key=key
        )
    elif key == "badge_earned":
        problems["event_type"] = _("A badge cannot be earned by earning badges.")
    return key


def action_in_campaign(brand, condition, problems, *, wins_only=False) -> dict:
    """The action and, if one is chosen, the campaign: what count, first fans and win share."""
    fixed = {"event_type": event_type(condition, problems, wins_only=wins_only)}
    campaign_id = campaign(brand, condition.get("campaign_id"), problems, "campaign_id")
    if campaign_id is not None:
        fixed["campaign_id"] = campaign_id
    return fixed


def in_campaign(condition) -> str:
    """Words naming the campaign a condition is limited to, or "" when it is not."""
    if not condition.get("campaign_id"):
        return ""
    return gettext("in campaign #%(id)s", id=condition["campaign_id"])


def action_times(condition) -> str:
    """The action a counting condition asks for and how many times, in the reader's language."""
    return ngettext(
        "“%(action)s” once",
        "“%(action)s” %(num)s times",
        condition["count"],
        action=event_label(condition["event_type"]),
    )


def joined(*parts: str) -> str:
    """A condition's description from its parts, leaving out the empty ones."""
    return ", ".join(part for part in parts if part)


def times(condition, problems, *, default=None) -> int | None:
    """How many events a counting condition asks for; a blank means the default."""
    given = {"count": default, **{k: v for k, v in condition.items() if v != ""}}
    return positive_int(given, "count", MAX_COUNT, problems, _("The number"))
