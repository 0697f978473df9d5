"""Reach an engagement score: points that fade with the brand's half-life."""

from flask_babel import gettext
from flask_babel import lazy_gettext as _

from app.badges import condition_fields as fields
from app.badges.condition import Condition, register
from app.engagement.scoring import decayed


@register
class Score(Condition):
    key = "score"
    label = _("Reach an engagement score")
    short = _("score")
    menu_order = 50
    fields = (fields.THRESHOLD,)

    def validate(self, brand, condition, now):
        problems: dict[str, str] = {}
        try:
            threshold = float(condition.get("threshold"))
        except (TypeError, ValueError):
            return {}, {"threshold": _("The score must be a number.")}
        if not 0 < threshold <= fields.MAX_POINTS:
            most = fields.MAX_POINTS
            problems["threshold"] = _(
                "The score must be above 0 and at most %(most)s.", most=format(most, ",")
            )
        return {"threshold": threshold}, problems

    def check(self, fan, condition, ctx):
        return decayed(fan.score_base, ctx.brand, ctx.now) >= condition["threshold"]

    def describe(self, condition):
        return gettext("engagement score %(score)s", score=f"{condition['threshold']:g}")
