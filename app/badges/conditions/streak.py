"""Be active N days in a row, in the brand's time zone."""

from flask_babel import lazy_gettext as _
from flask_babel import ngettext

from app.badges import condition_fields as fields
from app.badges.condition import Condition, Field, register

MAX_STREAK_DAYS = 3660


@register
class Streak(Condition):
    key = "streak"
    label = _("Be active N days in a row")
    short = _("streak")
    menu_order = 30
    fields = (Field("days", _("Days in a row"), "number"),)

    def validate(self, brand, condition, now):
        problems: dict[str, str] = {}
        days = fields.positive_int(condition, "days", MAX_STREAK_DAYS, problems, _("The streak"))
        return {"days": days}, problems

    def check(self, fan, condition, ctx):
        # The engine counts streak days in the brand's time zone; best_streak keeps a streak
        # that was reached even if the fan has paused since.
        return fan.best_streak >= condition["days"]

    def describe(self, condition):
        return ngettext(
            "%(num)s active day in a row", "%(num)s active days in a row", condition["days"]
        )
