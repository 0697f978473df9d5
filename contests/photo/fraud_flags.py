"""Vote counts and authors' rewards follow a voter's fraud flag, both ways, exactly."""

from sqlalchemy import func, select, update

from app.engagement import record
from app.extensions import db
from app.models import Campaign, FanProfile
from contests.photo.models import PhotoEntry, PhotoVote


def follow_flag(_app, fan: FanProfile) -> None:
    """Recount the entries the fan voted for; on clearing, pay the authors what was held back.

    Sent by app.fraud inside the flagging transaction. A vote counts only while its voter is
    not flagged, as the winners count it. Authors' rewards are events, which are never taken
    back: those paid before a flag stay, and those held back while flagged are paid on
    clearing under each vote's own key, so none is paid twice.
    """
    counted = (
        select(func.count())
        .select_from(PhotoVote)
        .join(FanProfile, FanProfile.id == PhotoVote.fan_id)
        .where(PhotoVote.entry_id == PhotoEntry.id, FanProfile.fraud_flagged.is_(False))
        .scalar_subquery()
    )
    voted_for = select(PhotoVote.entry_id).where(PhotoVote.fan_id == fan.id)
    db.session.execute(
        update(PhotoEntry)
        .where(PhotoEntry.id.in_(voted_for))
        .values(vote_count=counted)
        .execution_options(synchronize_session="fetch")
    )
    if fan.fraud_flagged:
        return
    votes = db.session.execute(
        select(PhotoVote, PhotoEntry, Campaign)
        .join(PhotoEntry, PhotoEntry.id == PhotoVote.entry_id)
        .join(Campaign, Campaign.id == PhotoEntry.campaign_id)
        .where(PhotoVote.fan_id == fan.id, PhotoEntry.status == "approved")
        .order_by(PhotoVote.id)
    )
    for vote, entry, campaign in votes:
        record(
            entry.fan,
            "vote_received",
            campaign=campaign,
            ref=f"photo_entry:{entry.id}",
            key=f"photo_vote_received:{vote.id}",
            at=vote.created_at,
        )
