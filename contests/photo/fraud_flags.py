"""Vote counts and authors' rewards follow a voter's fraud flag, both ways, exactly.

Recounts wait for the transaction's commit and run once, whatever the number of flags in
it, locking the entries in id order as its last rows: a vote locks its voter's and author's
profiles first and its entry last, so a transaction that flags several fans (each profile
locked in turn) never holds an entry a vote waits for while it waits for that vote's fan.
"""

from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session

from app.engagement import record
from app.extensions import db
from app.models import Campaign, FanProfile
from contests.photo.models import PhotoEntry, PhotoVote

PENDING = "superfan.photo_recounts"


def follow_flag(_app, fan: FanProfile) -> None:
    """Recount the entries the fan voted for; on clearing, pay the authors what was held back.

    Sent by app.fraud inside the flagging transaction. A vote counts only while its voter is
    not flagged and the vote is confirmed, as the winners count it. Authors' rewards are
    events, which are never taken back: those paid before a flag stay, and those held back
    while flagged are paid on clearing under each vote's own key, so none is paid twice.
    """
    recount(select(PhotoVote.entry_id).where(PhotoVote.fan_id == fan.id))
    if not fan.fraud_flagged:
        pay_authors(PhotoVote.fan_id == fan.id)


def recount(entry_ids) -> None:
    """Set each entry's vote_count to its counted votes (confirmed, of voters not flagged)
    when the transaction commits. `entry_ids`: ids, or a query of them, read now."""
    if not isinstance(entry_ids, list | set | tuple | frozenset):
        entry_ids = db.session.scalars(entry_ids)
    session = db.session()
    transaction = session.get_transaction()
    pending = session.info.get(PENDING)
    if pending is None or pending[0] is not transaction:
        pending = session.info[PENDING] = (transaction, set())
    pending[1].update(entry_ids)


@event.listens_for(Session, "before_commit")
def _recount_pending(session: Session) -> None:
    if session.in_nested_transaction():
        return
    pending = session.info.pop(PENDING, None)
    if pending is None or pending[0] is not session.get_transaction() or not pending[1]:
        return
    ids = sorted(pending[1])
    # FOR NO KEY UPDATE, as the UPDATE below takes: votes being added still pass.
    session.execute(
        select(PhotoEntry.id)
        .where(PhotoEntry.id.in_(ids))
        .order_by(PhotoEntry.id)
        .with_for_update(key_share=True)
    )
    counted = (
        select(func.count())
        .select_from(PhotoVote)
        .join(FanProfile, FanProfile.id == PhotoVote.fan_id)
        .where(
            PhotoVote.entry_id == PhotoEntry.id,
            PhotoVote.provisional.is_(False),
            FanProfile.fraud_flagged.is_(False),
        )
        .scalar_subquery()
    )
    session.execute(
        update(PhotoEntry)
        .where(PhotoEntry.id.in_(ids))
        .values(vote_count=counted)
        .execution_options(synchronize_session="fetch")
    )


def pay_authors(which) -> None:
    """The author's reward for each confirmed vote matching `which`, once per vote."""
    votes = db.session.execute(
        select(PhotoVote, PhotoEntry, Campaign)
        .join(PhotoEntry, PhotoEntry.id == PhotoVote.entry_id)
        .join(Campaign, Campaign.id == PhotoEntry.campaign_id)
        .where(which, PhotoVote.provisional.is_(False), PhotoEntry.status == "approved")
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
