"""Moderation: the queue, a moderator's decisions (logged with who and why), fans' reports."""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from app.campaigns.refusals import Problem, Refused
from app.console.paging import Page, contains_pattern, paginate
from app.extensions import db
from app.models import Brand, Campaign, FanProfile, User
from contests.photo import errors
from contests.photo.models import PhotoDecision, PhotoEntry, PhotoReport

STATUS_AFTER = {"approve": "approved", "reject": "rejected", "disqualify": "disqualified"}
MAX_REASON = 500
# Cards with a photo each: fewer than a table's rows, so a page stays quick to scan.
PAGE_SIZE = 24


def listed(brand: Brand, status: str, text: str = "", *, size: int = PAGE_SIZE) -> Page:
    """One page of a tab: "queue" (pending, and shown ones that were flagged: oldest first, as
    they came) or one status (newest first); `text` finds a caption, a fan's name or an id."""
    if status == "queue":
        shown = or_(
            PhotoEntry.status == "pending",
            (PhotoEntry.status == "approved") & PhotoEntry.flagged,
        )
        order = (PhotoEntry.created_at, PhotoEntry.id)
    else:
        shown = PhotoEntry.status == status
        order = (PhotoEntry.created_at.desc(), PhotoEntry.id.desc())
    query = (
        select(PhotoEntry)
        .join(Campaign, Campaign.id == PhotoEntry.campaign_id)
        .where(Campaign.brand_id == brand.id, shown)
    )
    if text:
        query = query.where(_matching(text))
    return paginate(query.order_by(*order), size=size)


def _matching(text: str):
    """Entries whose caption or fan's public name contains `text` (literally), or whose id it is."""
    pattern = contains_pattern(text)
    named = select(FanProfile.id).join(User, User.id == FanProfile.user_id)
    matches = [
        PhotoEntry.caption.ilike(pattern, escape="\\"),
        PhotoEntry.fan_id.in_(named.where(User.display_name.ilike(pattern, escape="\\"))),
    ]
    number = text.removeprefix("#")
    if number.isdigit() and len(number) < 10:
        matches.append(PhotoEntry.id == int(number))
    return or_(*matches)


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
        raise Refused(Problem(_("Choose approve, reject or disqualify."), "action"))
    reason = (reason or "").strip()
    if action != "approve" and not reason:
        raise Refused(Problem(_("Say why: the fan sees this reason."), "reason"))
    if len(reason) > MAX_REASON:
        raise Refused(
            Problem(
                _("The reason is too long (max %(count)d characters).", count=MAX_REASON), "reason"
            )
        )
    if entry.status == "disqualified":
        raise Refused(
            _("This entry is disqualified; that decision is final."), code="final", status=409
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
