"""Voting: the brand's rules, checked in order; the unique vote row is what counts.

A fan's votes are serialised on their profile row, so the daily maximum holds under
concurrent requests; a double click of one vote meets the unique constraint and counts once.
Who may vote is the contest's choice (settings.who_votes): by default only fans who signed
in; where guests may vote too, theirs are provisional and capped (contests.photo.guest_votes).
"""

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from app.campaigns.refusals import Refused
from app.engagement import record
from app.engagement.scoring import local_day
from app.extensions import db
from app.identity.fan_session import is_guest
from app.models import Campaign, FanProfile, User
from contests.photo import errors, guest_votes, settings
from contests.photo.models import PhotoEntry, PhotoVote


def check_window(campaign: Campaign, rules: settings.PhotoRules, now: datetime) -> None:
    """Refuse votes outside the voting window (the campaign's dates unless the brand set one)."""
    if campaign.status != "live":
        raise Refused(_("Voting is not open right now."), code="not_live", status=403)
    start, end = rules.voting_window()
    start = start or campaign.starts_at
    end = end or campaign.ends_at
    if start is not None and now < start:
        raise Refused(_("Voting has not started yet."), code="voting_closed", status=403)
    if end is not None and now >= end:
        raise Refused(_("Voting has ended."), code="voting_closed", status=403)


def may_vote(rules: settings.PhotoRules, user: User | None) -> bool:
    """Whether this browser's user (None: nobody yet) may vote in a contest with these rules."""
    return rules.who_votes == "guests" or (user is not None and not is_guest(user))


def admit(campaign: Campaign, user: User | None, now: datetime) -> None:
    """Refuse a vote before anything is made for it: no guest for a vote that cannot be."""
    rules = settings.read(campaign.settings)
    check_window(campaign, rules, now)
    if not may_vote(rules, user):
        raise guest_votes.sign_in_first()


def vote(campaign: Campaign, fan: FanProfile, entry_id, *, now: datetime) -> PhotoEntry:
    """Cast the fan's vote for an approved entry; returns the entry with its new count.

    A guest's vote is provisional: the count returned does not include it.
    """
    rules = settings.read(campaign.settings)
    check_window(campaign, rules, now)
    provisional = is_guest(fan.user)
    if provisional and not may_vote(rules, fan.user):
        raise guest_votes.sign_in_first()
    if not isinstance(entry_id, int):
        raise errors.not_found()
    entry = db.session.scalar(
        select(PhotoEntry).where(PhotoEntry.id == entry_id, PhotoEntry.campaign_id == campaign.id)
    )
    if entry is None or entry.status == "pending":
        raise errors.not_found()
    voter = _lock_fans(fan.id, entry.fan_id)
    if entry.status != "approved":
        raise Refused(
            _("This photo is no longer in the contest; votes for it are closed."),
            code="not_approved",
            status=403,
        )
    if entry.fan_id == voter.id:
        raise Refused(_("You cannot vote for your own photo."), code="own_entry", status=403)
    day = local_day(now, campaign.brand)
    period = "ever" if rules.vote_rule == "once" else day.isoformat()
    voted_today = db.session.scalar(
        select(func.count()).where(
            PhotoVote.campaign_id == campaign.id, PhotoVote.fan_id == voter.id, PhotoVote.day == day
        )
    )
    if voted_today >= rules.max_votes_per_day:
        raise Refused(
            ngettext(
                "You have used your vote for today.",
                "You have used your %(num)d votes for today.",
                rules.max_votes_per_day,
            ),
            code="daily_limit",
            status=429,
        )
    if provisional:
        guest_votes.lock_entry(entry)
    cast = PhotoVote(
        entry_id=entry.id,
        campaign_id=campaign.id,
        fan_id=voter.id,
        period=period,
        day=day,
        created_at=now,
        **(guest_votes.guest_fields() if provisional else {}),
    )
    try:
        with db.session.begin_nested():
            db.session.add(cast)
    except IntegrityError:
        message = (
            _("You have already voted for this photo.")
            if rules.vote_rule == "once"
            else _("You have already voted for this photo today.")
        )
        raise Refused(message, code="already_voted", status=409) from None
    if provisional:
        guest_votes.check_caps(cast, rules)
    _credit(campaign, voter, entry, cast, now)
    return entry


def _lock_fans(voter_id: int, author_id: int) -> FanProfile:
    """Lock voter and author in id order: the voter's concurrent votes queue here, so the
    counts below stay exact, and two fans voting for each other cannot deadlock."""
    locked = db.session.scalars(
        select(FanProfile)
        .where(FanProfile.id.in_({voter_id, author_id}))
        .order_by(FanProfile.id)
        .with_for_update()
    ).all()
    return next(profile for profile in locked if profile.id == voter_id)


def _credit(campaign, voter: FanProfile, entry: PhotoEntry, cast: PhotoVote, now) -> None:
    """Count the vote and pay both fans; a fraud-flagged voter's vote moves nothing, and a
    guest's only pays the guest (its burst of votes is what the fraud checks watch)."""
    record(
        voter,
        "vote_cast",
        campaign=campaign,
        ref=f"photo_entry:{entry.id}",
        key=f"photo_vote:{cast.id}",
        at=now,
    )
    if voter.fraud_flagged or cast.provisional:
        return
    db.session.execute(
        update(PhotoEntry)
        .where(PhotoEntry.id == entry.id)
        .values(vote_count=PhotoEntry.vote_count + 1)
    )
    db.session.refresh(entry, ["vote_count"])
    record(
        entry.fan,
        "vote_received",
        campaign=campaign,
        ref=f"photo_entry:{entry.id}",
        key=f"photo_vote_received:{cast.id}",
        at=now,
    )


def voted_entry_ids(campaign: Campaign, fan: FanProfile | None, now: datetime) -> set[int]:
    """The entries the fan cannot vote for again in the current period."""
    if fan is None:
        return set()
    rules = settings.read(campaign.settings)
    period = "ever" if rules.vote_rule == "once" else local_day(now, campaign.brand).isoformat()
    return set(
        db.session.scalars(
            select(PhotoVote.entry_id).where(
                PhotoVote.campaign_id == campaign.id,
                PhotoVote.fan_id == fan.id,
                PhotoVote.period == period,
            )
        )
    )
