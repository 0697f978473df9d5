"""The sweepstakes kind, its event types and what it plugs into the core."""

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext

from app.campaigns import CampaignKind
from app.campaigns.refusals import Problem
from app.engagement.types import EventType
from contests.sweepstakes import (
    analytics_panel,
    console_views,
    demo,
    drawing,
    fan_activity,
    fan_views,
    rules,
    services,
    settings,
    settings_form,
    translations,
    winner_rows,
)

EVENT_TYPES = (
    EventType(
        "sweepstakes_entered",
        "participation",
        5,
        daily_cap=10,
        traits={"entry"},
        label=lazy_gettext("Sweepstakes entry"),
    ),
    # Badges' "win" rule keys on this type (app/badges/conditions/win.py).
    EventType("draw_won", "participation", 50, traits={"win"}, label=lazy_gettext("Draw won")),
)


@dataclass
class SweepstakesKind(CampaignKind):
    def funnel_steps(self) -> dict[str, str]:
        # Entering is the whole game: an entry completes the funnel.
        return {"sweepstakes_entered": "completed"}

    def default_settings(self) -> dict:
        return settings.SweepstakesSettings().as_dict()

    def read_settings(self, reader, campaign) -> dict:
        return settings_form.read(reader, campaign)

    def settings_context(self, campaign) -> dict:
        return settings_form.context(campaign)

    def validate_settings(self, settings_: dict) -> list:
        return settings.problems(settings_)

    def problems_before_live(self, campaign, now) -> list:
        if rules.seal_of(campaign) is not None and campaign.status != "scheduled":
            return [Problem(_("Entries of a sweepstakes cannot reopen once closed."))]
        problems = settings.problems(campaign.settings)
        problems += settings.missing_for_rules(settings.read(campaign.settings))
        if campaign.starts_at is None or campaign.ends_at is None:
            problems.append(Problem(_("Set when entries open and close."), "starts_at"))
        elif campaign.ends_at <= now:
            problems.append(Problem(_("Entries must close in the future."), "ends_at"))
        return problems

    def missing_translations(self, campaign, languages: tuple[str, ...]) -> list[str]:
        return translations.missing(settings.read(campaign.settings), languages)

    def on_publish(self, campaign, now) -> None:
        rules.publish(campaign, now)

    def frozen_reason(self, campaign) -> str | None:
        if rules.seal_of(campaign) is None:
            return None
        return _("The sweepstakes is live: its official rules are frozen and cannot be edited.")

    def winners(self, campaign) -> list:
        return winner_rows.winners(campaign)

    def can_redraw(self, campaign) -> bool:
        return winner_rows.can_redraw(campaign)

    def redraw(self, campaign, ref, reason, *, now, by_user_id=None) -> None:
        winner_rows.redraw(campaign, ref, reason, now=now, by_user_id=by_user_id)

    def summary(self, campaign) -> dict:
        weights = services.eligible_weights(campaign)
        return {
            "entrants": len(weights),
            "entries": sum(weights.values()),
            "drawn": drawing.draw_of(campaign) is not None,
        }

    def analytics_panel(self, campaign):
        return analytics_panel.panel(campaign)

    def fan_page(self, campaign, fan):
        return fan_views.entry_page(campaign, campaign.brand)

    def fan_activity(self, fan) -> list:
        return fan_activity.sections(fan)

    def fans_with_code(self, brand, code: str) -> list[int]:
        return fan_activity.fans_with_code(brand, code)

    def load_demo(self, brand) -> list[str]:
        return demo.load(brand)


SWEEPSTAKES = SweepstakesKind(
    key=settings.KIND_KEY,
    label=lazy_gettext("Sweepstakes"),
    event_types=EVENT_TYPES,
    fan_blueprint=fan_views.bp,
    console_blueprint=console_views.bp,
    settings_template="contests/sweepstakes/console/settings.html",
    panel_template="contests/sweepstakes/console/draw.html",
    shows_rules_text=False,
)
