"""Take part in every campaign of a set."""

from flask_babel import gettext
from flask_babel import lazy_gettext as _
from sqlalchemy import func, select

from app.badges import condition_fields as fields
from app.badges.condition import Condition, Field, register
from app.extensions import db
from app.models import CampaignParticipation


@register
class EveryCampaign(Condition):
    key = "campaigns"
    label = _("Take part in every campaign of a set")
    short = _("campaigns")
    menu_order = 60
    fields = (Field("campaign_ids", _("Every one of these campaigns"), "campaigns"),)

    def validate(self, brand, condition, now):
        problems: dict[str, str] = {}
        given = condition.get("campaign_ids") or []
        if isinstance(given, str | int):
            given = [given]
        ids: list[int] = []
        if not given:
            problems["campaign_ids"] = _("Choose at least one campaign.")
        for value in given:
            campaign_id = fields.campaign(brand, value, problems, "campaign_ids")
            if campaign_id is not None and campaign_id not in ids:
                ids.append(campaign_id)
        return {"campaign_ids": ids}, problems

    def check(self, fan, condition, ctx):
        wanted = condition["campaign_ids"]
        played = db.session.scalar(
            select(func.count()).where(
                CampaignParticipation.fan_id == fan.id,
                CampaignParticipation.campaign_id.in_(wanted),
            )
        )
        return played == len(wanted)

    def describe(self, condition):
        numbers = ", ".join(f"#{c}" for c in condition["campaign_ids"])
        return gettext("every campaign of %(campaigns)s", campaigns=numbers)
