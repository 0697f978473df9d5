"""The sweepstakes kind, its event types and what it plugs into the core."""

from dataclasses import dataclass

from app.campaigns import CampaignKind
from app.engagement.types import EventType
from contests.sweepstakes import console_views, demo, drawing, fan_views, services, settings

EVENT_TYPES = (
    EventType("sweepstakes_entered", "participation", 5, daily_cap=10, traits={"entry"}),
    # Badges' "win" rule keys on this type (app/badges/rules.py).
    EventType("draw_won", "participation", 50, traits={"win"}),
)


@dataclass
class SweepstakesKind(CampaignKind):
    def validate_settings(self, settings_: dict) -> list[str]:
        return settings.problems(settings_)

    def summary(self, campaign) -> dict:
        weights = services.eligible_weights(campaign)
        return {
            "entrants": len(weights),
            "entries": sum(weights.values()),
            "drawn": drawing.draw_of(campaign) is not None,
        }

    def fan_page(self, campaign, fan):
        return fan_views.entry_page(campaign, campaign.brand)

    def load_demo(self, brand) -> list[str]:
        return demo.load(brand)


SWEEPSTAKES = SweepstakesKind(
    key=settings.KIND_KEY,
    label="Sweepstakes",
    event_types=EVENT_TYPES,
    fan_blueprint=fan_views.bp,
    console_blueprint=console_views.bp,
)
