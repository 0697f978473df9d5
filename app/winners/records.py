"""Winners' fulfilment records: kept in step with what each kind announces, moved by staff.

Services flush and never commit; the view or job that calls them commits once.
"""

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.campaigns import get_kind
from app.campaigns.refusals import Problem, Refused
from app.extensions import db
from app.models import Brand, Campaign, User
from app.models.winners import WINNER_STATUSES, Winner

# How long a winner has to claim the prize once contacted, as the demo rules announce it.
CLAIM_DAYS = 14
NOTES_LENGTH = 2000


def sync(campaigns: list[Campaign], now: datetime) -> None:
    """Add a record for each winner the kinds announce; a winner no longer announced was
    replaced (a redraw made elsewhere), so their record is forfeited."""
    for campaign in campaigns:
        announced = get_kind(campaign.kind).winners(campaign)
        kept = {
            winner.ref: winner
            for winner in db.session.scalars(
                select(Winner).where(Winner.campaign_id == campaign.id)
            )
        }
        for row in announced:
            if row.ref not in kept:
                _add(campaign, row, now)
        refs = {row.ref for row in announced}
        for ref, winner in kept.items():
            if ref not in refs and winner.replaced_at is None:
                winner.replaced_at = winner.updated_at = now
                winner.status = "forfeited"
    db.session.flush()


def _add(campaign: Campaign, row, now: datetime) -> None:
    try:
        # Two pages opened at once may both add the winner: the unique row keeps one.
        with db.session.begin_nested():
            db.session.add(
                Winner(
                    brand_id=campaign.brand_id,
                    campaign_id=campaign.id,
                    fan_id=row.fan_id,
                    ref=row.ref,
                    public_code=row.public_code,
                    prize=row.prize,
                    status="pending",
                    # The time to claim runs from the day the winner is told.
                    claim_deadline=None,
                    contact={},
                    notes="",
                    created_at=now,
                    updated_at=now,
                )
            )
    except IntegrityError:
        pass


def campaigns_with_winners(brand: Brand) -> list[Campaign]:
    """The brand's campaigns whose kind can have winners and that have ended."""
    return list(
        db.session.scalars(
            select(Campaign)
            .where(Campaign.brand_id == brand.id, Campaign.status.in_(("closed", "archived")))
            .order_by(Campaign.id.desc())
        )
    )


def winners_of(brand: Brand, campaign_id: int | None = None) -> list[Winner]:
    """The brand's winners (one campaign's when given): newest campaign first, in draw order."""
    query = select(Winner).where(Winner.brand_id == brand.id)
    if campaign_id is not None:
        query = query.where(Winner.campaign_id == campaign_id)
    return list(db.session.scalars(query.order_by(Winner.campaign_id.desc(), Winner.id)))


def winner_of(brand: Brand, winner_id: int) -> Winner | None:
    return db.session.scalar(
        select(Winner).where(Winner.id == winner_id, Winner.brand_id == brand.id)
    )


def update(winner: Winner, status: str, notes: str, now: datetime) -> None:
    """Staff move the fulfilment on and note what happened."""
    problems = []
    if status not in WINNER_STATUSES:
        problems.append(Problem(_("Choose a status from the list."), "status"))
    notes = (notes or "").strip()
    if len(notes) > NOTES_LENGTH:
        problems.append(
            Problem(_("Keep the notes under %(count)d characters.", count=NOTES_LENGTH), "notes")
        )
    if winner.replaced_at is not None:
        problems.append(Problem(_("This winner was replaced: their record is closed.")))
    if problems:
        raise Refused(*problems)
    winner.status, winner.notes, winner.updated_at = status, notes, now
    if status == "contacted":
        _start_claim_time(winner, now)


def mark_contacted(winner: Winner, now: datetime) -> None:
    if winner.status == "pending":
        winner.status = "contacted"
    winner.updated_at = now
    _start_claim_time(winner, now)


def _start_claim_time(winner: Winner, now: datetime) -> None:
    if winner.claim_deadline is None:
        winner.claim_deadline = now + timedelta(days=CLAIM_DAYS)


def redraw(winner: Winner, reason: str, now: datetime, by: User) -> None:
    """Replace a forfeited winner with the kind's next alternate, and add the new winner."""
    campaign = winner.campaign
    kind = get_kind(campaign.kind)
    if winner.status != "forfeited":
        raise Refused(_("Mark the winner as forfeited before drawing a replacement."), status=409)
    if winner.replaced_at is not None:
        raise Refused(_("This winner was already replaced."), status=409)
    if not kind.can_redraw(campaign):
        raise Refused(_("This campaign has no alternates to draw from."), status=409)
    reason = (reason or winner.notes or "").strip()
    if not reason:
        raise Refused(Problem(_("Say why the prize is forfeited."), "notes"))
    kind.redraw(campaign, winner.ref, reason, now=now, by_user_id=by.id)
    winner.replaced_at = winner.updated_at = now
    sync([campaign], now)
