"""Moderation: the queue, a moderator's decisions (logged with who and why), fans' reports."""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from app.campaigns.refusals import Problem, Refused
from app.extensions import db
from app.models import Brand, Campaign, FanProfile, User
from contests.photo import errors
from contests.photo.models import PhotoDecision, PhotoEntry, PhotoReport

STATUS_AFTER = {"approve": "approved", "reject": "rejected", "disqualify": "disqualified"}
MAX_REASON = 500


def queue(brand: Brand, campaign_id: int | None = None) -> list[PhotoEntry]:
    """Entries that need a moderator: pending ones, and shown ones that were flagged."""
    query = (
        select(PhotoEntry)
        .join(Campaign, Campaign.id == PhotoEntry.campaign_id)
        .where(
            Campaign.brand_id == brand.id,
            or_(
                PhotoEntry.status == "pending",
                (PhotoEntry.status == "approved") & PhotoEntry.flagged,
            ),
        )
        .order_by(PhotoEntry.created_at, PhotoEntry.id)
    )
    if campaign_id is not None:
        query = query.where(PhotoEntry.campaign_id == campaign_id)
    return list(db.session.scalars(query))


def brand_entry(brand: Brand, entry_id: int) -> PhotoEntry | None:
    return db.session.scalar(
        select(PhotoEntry)
        .join(Campaign, Campaign.id == PhotoEntry.campaign_id)
        .where(PhotoEntry.id == entry_id, Campaign.brand_id == brand.id)
    )


def decide(
    entry: PhotoEntry, action: str, reason: str, *, actor: User | None, now: datetime
) -> None:
    """Approve, reject or disqualify; the fan sees the reason of a reject or disqualification.

    `actor` is the staff member deciding; None only for the demo's scripted moderator.
    """
    if action not in STATUS_AFTER:
        raise Refused(Problem("Choose approve, reject or disqualify.", "action"))
    reason = (reason or "").strip()
    if action != "approve" and not reason:
        raise Refused(Problem("Say why: the fan sees this reason.", "reason"))
    if len(reason) > MAX_REASON:
        raise Refused(Problem(f"The reason is too long (max {MAX_REASON} characters).", "reason"))
    if entry.status == "disqualified":
        raise Refused(
            "This entry is disqualified; that decision is final.", code="final", status=409
        )
    entry.status = STATUS_AFTER[action]
    entry.decision_reason = "" if action == "approve" else reason
    entry.flagged = False
    entry.decided_at = now
    db.session.add(
        PhotoDecision(
            entry_id=entry.id,
            actor_id=actor.id if actor else None,
            action=action,
            reason=reason,
            created_at=now,
        )
    )
    db.session.flush()


def log(entry: PhotoEntry) -> list[tuple[PhotoDecision, User | None]]:
    """The entry's decisions, oldest first, with the staff member who took each."""
    return [
        (decision, user)
        for decision, user in db.session.execute(
            select(PhotoDecision, User)
            .outerjoin(User, User.id == PhotoDecision.actor_id)
            .where(PhotoDecision.entry_id == entry.id)
            .order_by(PhotoDecision.created_at, PhotoDecision.id)
        )
    ]


def report(entry: PhotoEntry, fan: FanProfile, reason, *, now: datetime) -> None:
    """A fan reports an entry: it joins the moderation queue; one report per fan and entry."""
    if entry.status != "approved":
        raise errors.not_found()
    if reason is not None and not isinstance(reason, str):
        raise errors.malformed(_("Say in words what is wrong with this photo."))
    reason = (reason or "").strip()[:MAX_REASON]
    if entry.fan_id == fan.id:
        raise Refused(_("You cannot report your own photo."), code="own_entry", status=403)
    try:
        with db.session.begin_nested():
            db.session.add(
                PhotoReport(entry_id=entry.id, fan_id=fan.id, reason=reason, created_at=now)
            )
    except IntegrityError:
        raise Refused(
            _("You have already reported this photo."), code="replay", status=409
        ) from None
    entry.report_count += 1
    entry.flagged = True
    db.session.add(PhotoDecision(entry_id=entry.id, action="report", reason=reason, created_at=now))
    db.session.flush()


def entries_with_status(brand: Brand, status: str) -> list[PhotoEntry]:
    """A brand's entries in one status, newest first (to disqualify or review again)."""
    return list(
        db.session.scalars(
            select(PhotoEntry)
            .join(Campaign, Campaign.id == PhotoEntry.campaign_id)
            .where(Campaign.brand_id == brand.id, PhotoEntry.status == status)
            .order_by(PhotoEntry.created_at.desc(), PhotoEntry.id.desc())
            .limit(200)
        )
    )
