"""Making a draw in the database: freeze the eligible list, reveal the seed, store the picks.

draw.py holds the recipe; this module applies it once per sweepstakes and only ever appends
(picks, redraws), so that the published data always recomputes to what is stored.
"""

from datetime import datetime

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.campaigns.refusals import Refused
from app.engagement import record
from app.extensions import db
from app.models import Campaign, FanProfile
from contests.sweepstakes import draw, rules, seeds, services, settings
from contests.sweepstakes.models import (
    SweepstakesDraw,
    SweepstakesEntrant,
    SweepstakesPick,
    SweepstakesRedraw,
)


def draw_of(campaign: Campaign) -> SweepstakesDraw | None:
    return db.session.scalar(
        select(SweepstakesDraw).where(SweepstakesDraw.campaign_id == campaign.id)
    )


def _already_drawn() -> Refused:
    return Refused(
        gettext("The winners of this sweepstakes have already been drawn; a draw happens once."),
        code="already_drawn",
        status=409,
    )


def make_draw(
    campaign: Campaign, *, now: datetime, by_user_id: int | None = None
) -> SweepstakesDraw:
    """The one draw of a sweepstakes whose entries have closed; flushes."""
    seal = rules.seal_of(campaign)
    if seal is None:
        raise Refused(
            gettext("This sweepstakes never went live: there is nothing to draw."),
            code="not_live",
            status=409,
        )
    if draw_of(campaign) is not None:
        raise _already_drawn()
    if campaign.status == "live" and (campaign.ends_at is None or now < campaign.ends_at):
        raise Refused(
            gettext("Entries are still open: close the sweepstakes before drawing."),
            code="still_open",
            status=409,
        )
    weights = services.eligible_weights(campaign)
    if not weights:
        raise Refused(
            gettext("There are no eligible entries to draw from."), code="no_entries", status=409
        )
    options = settings.read(campaign.settings)
    list_text = draw.frozen_list(weights)
    made = SweepstakesDraw(
        campaign_id=campaign.id,
        seed_hex=seeds.unseal(seal.sealed_seed),
        list_text=list_text,
        list_hash=draw.sha256_hex(list_text),
        winners=options.winners,
        alternates=options.alternates,
        drawn_at=now,
        drawn_by_id=by_user_id,
    )
    db.session.add(made)
    try:
        db.session.flush()
    except IntegrityError:
        # Another request drew at the same moment; the unique constraint kept its draw.
        raise _already_drawn() from None
    picked = draw.picks(made.seed_hex, list_text, made.winners + made.alternates)
    db.session.add_all(
        SweepstakesPick(draw_id=made.id, position=n, entrant_code=code)
        for n, code in enumerate(picked, start=1)
    )
    if campaign.status == "live":
        campaign.status = "closed"
    db.session.flush()
    _credit_winners(campaign, made, draw.outcome(picked, [], made.winners, 0)[0], now)
    return made


def picks_of(made: SweepstakesDraw) -> list[str]:
    return list(
        db.session.scalars(
            select(SweepstakesPick.entrant_code)
            .where(SweepstakesPick.draw_id == made.id)
            .order_by(SweepstakesPick.position)
        )
    )


def redraws_of(made: SweepstakesDraw) -> list[SweepstakesRedraw]:
    return list(
        db.session.scalars(
            select(SweepstakesRedraw)
            .where(SweepstakesRedraw.draw_id == made.id)
            .order_by(SweepstakesRedraw.number)
        )
    )


def redraw(
    campaign: Campaign, code: str, reason: str, *, now: datetime, by_user_id: int | None = None
) -> SweepstakesRedraw:
    """Disqualify a winner, logging why; the next alternate takes the place. Flushes."""
    made = draw_of(campaign)
    if made is None:
        raise Refused(
            gettext("Draw the winners before replacing one."), code="not_drawn", status=409
        )
    reason = (reason or "").strip()
    if not reason:
        raise Refused(gettext("Say why this winner is disqualified."), code="reason", status=400)
    picked, logged = picks_of(made), redraws_of(made)
    disqualified = [row.entrant_code for row in logged]
    before, _ = draw.outcome(picked, disqualified, made.winners, made.alternates)
    if code not in before:
        raise Refused(
            gettext("%(code)s is not one of the current winners.", code=code),
            code="not_a_winner",
            status=409,
        )
    row = SweepstakesRedraw(
        draw_id=made.id,
        number=len(logged) + 1,
        entrant_code=code,
        reason=reason,
        created_at=now,
        created_by_id=by_user_id,
    )
    db.session.add(row)
    extended = draw.picks(made.seed_hex, made.list_text, len(picked) + 1)
    if len(extended) > len(picked):
        db.session.add(
            SweepstakesPick(draw_id=made.id, position=len(extended), entrant_code=extended[-1])
        )
    try:
        db.session.flush()
    except IntegrityError:
        raise Refused(
            gettext("Another change to this draw was made at the same time; reload and try again."),
            code="conflict",
            status=409,
        ) from None
    after, _ = draw.outcome(extended, [*disqualified, code], made.winners, made.alternates)
    _credit_winners(campaign, made, [c for c in after if c not in before], now)
    return row


def _credit_winners(campaign: Campaign, made: SweepstakesDraw, codes: list[str], now) -> None:
    for code in codes:
        fan = db.session.scalar(
            select(FanProfile)
            .join(SweepstakesEntrant, SweepstakesEntrant.fan_id == FanProfile.id)
            .where(SweepstakesEntrant.campaign_id == campaign.id, SweepstakesEntrant.code == code)
        )
        if fan is not None:
            record(
                fan,
                "draw_won",
                campaign=campaign,
                ref=f"sweepstakes-draw:{made.id}",
                key=f"draw_won:{made.id}:{code}",
                at=now,
            )


def published(campaign: Campaign) -> draw.Published | None:
    """Everything the draw page shows, as stored, for draw.verify."""
    seal, made = rules.seal_of(campaign), draw_of(campaign)
    if seal is None or made is None:
        return None
    return draw.Published(
        commitment=seal.commitment,
        rules_hash=seal.rules_hash,
        rules_text=seal.rules_text,
        seed_hex=made.seed_hex,
        list_text=made.list_text,
        list_hash=made.list_hash,
        winners=made.winners,
        alternates=made.alternates,
        picks=picks_of(made),
        redraws=[row.entrant_code for row in redraws_of(made)],
    )
