"""Do an action N times: in any campaign or one, ever or between two dates."""

from flask_babel import gettext
from flask_babel import lazy_gettext as _

from app.badges import condition_fields as fields
from app.badges import counting
from app.badges.condition import Condition, Field, register


@register
class Count(Condition):
    key = "count"
    label = _("Do an action N times")
    short = _("count")
    menu_order = 10
    fields = (
        fields.ACTION,
        fields.TIMES,
        fields.IN_CAMPAIGN,
        Field("since", _("From"), "datetime", optional=True),
        Field("until", _("Until"), "datetime", optional=True),
    )

    def validate(self, brand, condition, now):
        problems: dict[str, str] = {}
        fixed = fields.action_in_campaign(brand, condition, problems)
        fixed["count"] = fields.times(condition, problems)
        since = fields.when(brand, condition, "since", problems)
        until = fields.when(brand, condition, "until", problems)
        if until is not None and until <= now:
            problems["until"] = _("This window has already ended: nobody could meet it any more.")
        if since is not None and until is not None and until <= since:
            problems["until"] = _("The window must end after it starts.")
        if since is not None:
            fixed["since"] = since.isoformat()
        if until is not None:
            fixed["until"] = until.isoformat()
        return fixed, problems

    def check(self, fan, condition, ctx):
        return counting.count(fan.id, condition, ctx) >= condition["count"]

    def describe(self, condition):
        window = ""
        if condition.get("since") or condition.get("until"):
            since, until = condition.get("since", "…"), condition.get("until", "…")
            window = gettext("between %(since)s and %(until)s", since=since[:16], until=until[:16])
        return fields.joined(fields.action_times(condition), fields.in_campaign(condition), window)

    def moved_by(self, condition, event_type):
        return condition["event_type"] == event_type

    def counted_events(self, condition):
        return condition
