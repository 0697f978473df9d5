"""Win N times: any action a campaign kind declares as a win (its "win" trait)."""

from flask_babel import lazy_gettext as _

from app.badges import condition_fields as fields
from app.badges import counting
from app.badges.condition import Condition, register


@register
class Win(Condition):
    key = "win"
    label = _("Win a campaign")
    short = _("win")
    menu_order = 70
    fields = (fields.ACTION, fields.TIMES, fields.IN_CAMPAIGN)

    def validate(self, brand, condition, now):
        problems: dict[str, str] = {}
        fixed = fields.action_in_campaign(brand, condition, problems, wins_only=True)
        fixed["count"] = fields.times(condition, problems, default=1)
        return fixed, problems

    def check(self, fan, condition, ctx):
        return counting.count(fan.id, condition, ctx) >= condition["count"]

    def describe(self, condition):
        return fields.joined(fields.action_times(condition), fields.in_campaign(condition))

    def moved_by(self, condition, event_type):
        return condition["event_type"] == event_type

    def counted_events(self, condition):
        return condition
