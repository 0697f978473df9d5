"""Guest votes: capped per browser and per network for each entry, confirmed on sign-in.

Where a contest lets guests vote, a guest's vote is provisional: it is theirs (they cannot
vote for that entry again) but it counts nowhere, not in the entry's vote count, not in the
winners' count, not in the author's rewards, until the guest signs in. Each carries the
browser's device id and a keyed hash of its network, and a contest caps the guest votes one
entry gets in one voting period from each; the caps are counted under a lock on the entry
row, so guests voting at the same moment cannot pass them together.

When the guest signs in, their votes join the person's (a merge step when the person
already has a profile in the brand) and are confirmed; a vote the person's own rules refuse
is dropped, never doubled: one for an entry they already voted for in that period, one for
their own photo, one past their daily maximum.
"""

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from app.campaigns.refusals import Refused
from app.extensions import db
from app.fraud.detect import network_key
from app.identity.fan_session import device_id
from app.models import Campaign, FanProfile
from contests.photo import fraud_flags, settings
from contests.photo.models import PhotoEntry, PhotoVote


def sign_in_first() -> Refused:
    return Refused(
        _("Sign in to vote: in this contest, only fans who signed in can vote."),
        code="sign_in_to_vote",
        status=403,
    )


def lock_entry(entry: PhotoEntry) -> None:
    """Queue guest votes for one entry, so their caps are counted exactly."""
    # FOR NO KEY UPDATE: the foreign keys of rows being added for the entry do not wait.
    db.session.execute(
        select(PhotoEntry.id).where(PhotoEntry.id == entry.id).with_for_update(key_share=True)
    )


def guest_fields() -> dict:
    """What a guest's vote row carries: where it came from, and that it is provisional."""
    return {"provisional": True, "device_id": device_id(), "network_key": network_key()}


def check_caps(cast: PhotoVote, rules: settings.PhotoRules) -> None:
    """Refuse a guest's vote (already flushed, under the entry lock) past the contest's caps."""
    same = select(func.count()).where(
        PhotoVote.entry_id == cast.entry_id,
        PhotoVote.period == cast.period,
        PhotoVote.provisional.is_(True),
    )
    if db.session.scalar(same.where(PhotoVote.device_id == cast.device_id)) > (
        rules.guest_votes_per_device
    ):
        raise Refused(
            _("Guests on this device have used their votes for this photo. Sign in to vote."),
            code="guest_device_limit",
            status=429,
        )
    if db.session.scalar(same.where(PhotoVote.network_key == cast.network_key)) > (
        rules.guest_votes_per_network
    ):
        raise Refused(
            _("Too many guests on your network have voted for this photo. Sign in to vote."),
            code="guest_network_limit",
            status=429,
        )


def provisional_counts(*where) -> dict[int, int]:
    """Provisional votes per entry among the votes matching `where`, for the console."""
    rows = db.session.execute(
        select(PhotoVote.entry_id, func.count())
        .where(PhotoVote.provisional.is_(True), *where)
        .group_by(PhotoVote.entry_id)
    )
    return {entry_id: count for entry_id, count in rows}


def merge_votes(source: FanProfile, target: FanProfile) -> None:
    """Merge step: the guest's votes become the person's, less those the person's rules refuse.

    Oldest first, so the votes kept under a daily maximum are the ones cast first.
    """
    votes = db.session.scalars(
        select(PhotoVote)
        .where(PhotoVote.fan_id == source.id)
        .order_by(PhotoVote.created_at, PhotoVote.id)
    ).all()
    rules_of: dict[int, settings.PhotoRules] = {}
    touched = set()
    for vote in votes:
        if vote.campaign_id not in rules_of:
            campaign = db.session.get(Campaign, vote.campaign_id)
            rules_of[vote.campaign_id] = settings.read(campaign.settings)
        touched.add(vote.entry_id)
        if _refused(vote, target, rules_of[vote.campaign_id]):
            db.session.delete(vote)
        else:
            vote.fan_id = target.id
        db.session.flush()
    if touched:
        fraud_flags.recount(touched)


def _refused(vote: PhotoVote, target: FanProfile, rules: settings.PhotoRules) -> bool:
    author = db.session.scalar(select(PhotoEntry.fan_id).where(PhotoEntry.id == vote.entry_id))
    if author == target.id:
        return True
    already = db.session.scalar(
        select(func.count()).where(
            PhotoVote.fan_id == target.id,
            PhotoVote.entry_id == vote.entry_id,
            PhotoVote.period == vote.period,
        )
    )
    if already:
        return True
    that_day = db.session.scalar(
        select(func.count()).where(
            PhotoVote.campaign_id == vote.campaign_id,
            PhotoVote.fan_id == target.id,
            PhotoVote.day == vote.day,
        )
    )
    return that_day >= rules.max_votes_per_day


def confirm(_app, profile: FanProfile) -> None:
    """Listener on guest_claimed: the signed-in person's provisional votes count from now on.

    Sent inside the sign-in's transaction, after the guest's rows became the person's.
    """
    ids = list(
        db.session.scalars(
            select(PhotoVote.id).where(
                PhotoVote.fan_id == profile.id, PhotoVote.provisional.is_(True)
            )
        )
    )
    if not ids:
        return
    db.session.execute(
        update(PhotoVote)
        .where(PhotoVote.id.in_(ids))
        .values(provisional=False, device_id=None, network_key=None)
        .execution_options(synchronize_session="fetch")
    )
    fraud_flags.recount(select(PhotoVote.entry_id).where(PhotoVote.id.in_(ids)))
    if not profile.fraud_flagged:
        fraud_flags.pay_authors(PhotoVote.id.in_(ids))
