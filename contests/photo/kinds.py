"""The photo contest kind, its event types and what it plugs into the core."""

from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext

from app.campaigns import CampaignKind
from app.engagement.types import EventType
from contests.photo import (
    analytics_panel,
    console_views,
    demo,
    entries,
    fan_activity,
    fan_views,
    settings,
    settings_form,
    translations,
    winner_rows,
    winner_rules,
    winners,
)

EVENT_TYPES = (
    EventType(
        "photo_submitted",
        "creation",
        20,
        daily_cap=5,
        traits={"entry"},
        label=lazy_gettext("Photo submitted"),
    ),
    # The voter's part; the fraud signals listen for bursts of these.
    EventType(
        "vote_cast",
        "participation",
        1,
        daily_cap=20,
        traits={"vote"},
        label=lazy_gettext("Vote cast"),
    ),
    # The author's reward: votes are the influence their photo had.
    EventType("vote_received", "influence", 2, daily_cap=100, label=lazy_gettext("Vote received")),
    # The winners' reward, flagged as a win for the badges' win rule.
    winners.CONTEST_WON,
)


@dataclass
class PhotoContestKind(CampaignKind):
    def funnel_steps(self) -> dict[str, str]:
        return {"photo_submitted": "photo_uploaded", "vote_cast": "voted"}

    def default_settings(self) -> dict:
        return settings.PhotoRules().as_dict()

    def read_settings(self, reader, campaign) -> dict:
        return settings_form.read(reader, campaign)

    def settings_context(self, campaign) -> dict:
        return settings_form.context(campaign)

    def validate_settings(self, settings_: dict) -> list:
        return settings.problems(settings_) + winner_rules.settings_problems(settings_)

    def missing_translations(self, campaign, languages: tuple[str, ...]) -> list[str]:
        return translations.missing(settings.read(campaign.settings), languages)

    def editor_links(self, campaign) -> list[tuple[str, str]]:
        return [
            (lazy_gettext("Moderation"), url_for("photo_console.moderation_queue")),
            (lazy_gettext("Watched words"), url_for("photo_console.words")),
            (lazy_gettext("Jury"), url_for("photo_jury.jurors", campaign_id=campaign.id)),
            (lazy_gettext("Winners"), url_for("photo_jury.winners_page", campaign_id=campaign.id)),
        ]

    def winners(self, campaign) -> list:
        return winner_rows.winners(campaign)

    def summary(self, campaign) -> dict:
        return analytics_panel.summary(campaign)

    def analytics_panel(self, campaign):
        return analytics_panel.panel(campaign)

    def fan_page(self, campaign, fan):
        return fan_views.play_page(campaign, campaign.brand)

    def fan_activity(self, fan) -> list:
        return fan_activity.sections(fan)

    def load_demo(self, brand) -> list[str]:
        return demo.load(brand)


PHOTO = PhotoContestKind(
    key=settings.KIND_KEY,
    label=lazy_gettext("Photo contest"),
    event_types=EVENT_TYPES,
    fan_blueprint=fan_views.bp,
    console_blueprint=console_views.bp,
    media_purposes=(entries.MEDIA_PURPOSE,),
    settings_template="contests/photo/console/settings.html",
)
