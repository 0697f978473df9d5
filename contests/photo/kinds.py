"""The photo contest kind, its event types and what it plugs into the core."""

from dataclasses import dataclass

from sqlalchemy import func, select

from app.campaigns import CampaignKind
from app.engagement.types import EventType
from app.extensions import db
from contests.photo import campaigns, console_views, demo, entries, fan_views, settings, winners
from contests.photo.models import PhotoEntry, PhotoVote

EVENT_TYPES = (
    EventType("photo_submitted", "creation", 20, daily_cap=5, traits={"entry"}),
    # The voter's part; the fraud signals listen for bursts of these.
    EventType("vote_cast", "participation", 1, daily_cap=20, traits={"vote"}),
    # The author's reward: votes are the influence their photo had.
    EventType("vote_received", "influence", 2, daily_cap=100),
    # The winners' reward, flagged as a win for the badges' win rule.
    winners.CONTEST_WON,
)


@dataclass
class PhotoContestKind(CampaignKind):
    def validate_settings(self, settings_: dict) -> list[str]:
        return settings.problems(settings_) + winners.settings_problems(settings_)

    def summary(self, campaign) -> dict:
        by_status = dict(
            db.session.execute(
                select(PhotoEntry.status, func.count())
                .where(PhotoEntry.campaign_id == campaign.id)
                .group_by(PhotoEntry.status)
            ).all()
        )
        votes = dict(
            db.session.execute(
                select(PhotoVote.provisional, func.count())
                .where(PhotoVote.campaign_id == campaign.id)
                .group_by(PhotoVote.provisional)
            ).all()
        )
        # A guest's vote is provisional until the guest signs in: never part of "votes".
        return {
            "entries": by_status,
            "votes": votes.get(False, 0),
            "provisional_votes": votes.get(True, 0),
        }

    def fan_page(self, campaign, fan):
        return fan_views.play_page(campaign, campaign.brand)

    def load_demo(self, brand) -> list[str]:
        return demo.load(brand)


PHOTO = PhotoContestKind(
    key=campaigns.KIND_KEY,
    label="Photo contest",
    event_types=EVENT_TYPES,
    fan_blueprint=fan_views.bp,
    console_blueprint=console_views.bp,
    media_purposes=(entries.MEDIA_PURPOSE,),
)
