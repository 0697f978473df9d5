"""Be among the first N fans to do an action: it ranks every fan, so it runs in a job."""

from flask_babel import gettext
from flask_babel import lazy_gettext as _
from sqlalchemy import func, select

from app.badges import condition_fields as fields
from app.badges.condition import Condition, Field, register
from app.engagement.types import event_label
from app.extensions import db
from app.models import EngagementEvent

MAX_FIRST_N = 1_000_000


@register
class FirstFans(Condition):
    key = "first_n"
    label = _("Be among the first N fans to do an action")
    short = _("first fans")
    menu_order = 20
    fields = (fields.ACTION, fields.IN_CAMPAIGN, Field("n", _("First fans"), "number"))
    heavy = True

    def validate(self, brand, condition, now):
        problems: dict[str, str] = {}
        fixed = fields.action_in_campaign(brand, condition, problems)
        label = _("The number of fans")
        fixed["n"] = fields.positive_int(condition, "n", MAX_FIRST_N, problems, label)
        return fixed, problems

    def check(self, fan, condition, ctx):
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
        earlier = (firsts.c.first_at < mine) | (
            (firsts.c.first_at == mine) & (firsts.c.fan_id < fan.id)
        )
        ahead = db.session.scalar(select(func.count()).where(earlier))
        return ahead < condition["n"]

    def describe(self, condition):
        first = gettext(
            "among the first %(n)s fans with “%(action)s”",
            n=condition["n"],
            action=event_label(condition["event_type"]),
        )
        return fields.joined(first, fields.in_campaign(condition))

    def moved_by(self, condition, event_type):
        return condition["event_type"] == event_type
