"""Reach a number of points."""

from flask_babel import lazy_gettext as _
from flask_babel import ngettext

from app.badges import condition_fields as fields
from app.badges.condition import Condition, register


@register
class Points(Condition):
    key = "points"
    label = _("Reach a number of points")
    short = _("points")
    menu_order = 40
    fields = (fields.THRESHOLD,)

    def validate(self, brand, condition, now):
        problems: dict[str, str] = {}
        threshold = fields.positive_int(
            condition, "threshold", fields.MAX_POINTS, problems, _("The points")
        )
        return {"threshold": threshold}, problems

    def check(self, fan, condition, ctx):
        return fan.points >= condition["threshold"]

    def describe(self, condition):
        return ngettext("%(num)s point", "%(num)s points", condition["threshold"])
