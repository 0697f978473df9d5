"""Entering a sweepstakes: eligibility, one entry per period, bonus entries and their caps."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.campaigns.refusals import Refused
from app.engagement import record
from app.engagement.scoring import local_day
from app.extensions import db
from app.identity.fan_session import is_guest
from app.models import Campaign, EngagementEvent, FanProfile
from contests.sweepstakes import rules as official_rules
from contests.sweepstakes import settings
from contests.sweepstakes.models import SweepstakesEntrant, SweepstakesEntry

ENTRY_POINTS_KEY = "sweepstakes:{campaign}:{fan}:{period}"
# Which engagement events earn which bonus entries.
REFERRAL_EVENTS = ("referral_joined",)
SHARE_EVENTS = ("share_visit", "quiz_shared")
QUIZ_EVENTS = ("quiz_completed",)


def age_on(born: date, day: date) -> int:
    """Whole years; someone born on 29 February turns a year older on 1 March."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def check_open(campaign: Campaign, now: datetime) -> None:
    if campaign.status != "live" or (campaign.starts_at and now < campaign.starts_at):
        raise Refused(_("This sweepstakes is not open for entries."), code="not_open", status=403)
    if campaign.ends_at is not None and now >= campaign.ends_at:
        raise Refused(
            _("This sweepstakes has closed; entries are no longer taken."),
            code="closed",
            status=403,
        )


def _date_of_birth(value) -> date:
    try:
        return date.fromisoformat(str(value or ""))
    except ValueError:
        raise Refused(
            _("Give your date of birth as a date (YYYY-MM-DD)."), code="malformed", status=400
        ) from None


def _country(value) -> str:
    country = str(value or "").strip().upper()
    if not settings.COUNTRY.fullmatch(country):
        raise Refused(_("Choose your country (a two-letter code)."), code="malformed", status=400)
    return country


def check_eligible(campaign: Campaign, born: date, country: str, today: date) -> None:
    rules = settings.read(campaign.settings)
    if born > today or age_on(born, today) < rules.min_age:
        raise Refused(
            _("You must be %(age)s or older to enter.", age=rules.min_age),
            code="too_young",
            status=403,
        )
    if rules.countries and country not in rules.countries:
        raise Refused(
            _(
                "This sweepstakes is open to residents of %(countries)s only.",
                countries=", ".join(rules.countries),
            ),
            code="country",
            status=403,
        )


def entrant_of(campaign: Campaign, fan: FanProfile | None) -> SweepstakesEntrant | None:
    if fan is None:
        return None
    return db.session.scalar(
        select(SweepstakesEntrant).where(
            SweepstakesEntrant.campaign_id == campaign.id, SweepstakesEntrant.fan_id == fan.id
        )
    )


def period_of(campaign: Campaign, now: datetime) -> str:
    """'once', or the brand's calendar day for a sweepstakes entered once a day."""
    if settings.read(campaign.settings).frequency == "daily":
        return local_day(now, campaign.brand).isoformat()
    return "once"


def enter(
    campaign: Campaign, fan: FanProfile, *, date_of_birth, country, agreed: bool, now: datetime
) -> SweepstakesEntry:
    """One entry for the fan, if eligible; flushes. Refusals store nothing."""
    check_open(campaign, now)
    if is_guest(fan.user):
        raise Refused(
            _("Sign in to enter, so the sponsor can reach you if you win."),
            code="sign_in",
            status=401,
        )
    if agreed is not True:
        raise Refused(
            _("You must agree to the official rules to enter."), code="rules_consent", status=400
        )
    born, country = _date_of_birth(date_of_birth), _country(country)
    check_eligible(campaign, born, country, local_day(now, campaign.brand))
    entrant = entrant_of(campaign, fan)
    if entrant is None:
        seal = official_rules.seal_of(campaign)
        entrant = SweepstakesEntrant(
            campaign_id=campaign.id,
            fan_id=fan.id,
            code=secrets.token_hex(6),
            date_of_birth=born,
            country=country,
            rules_hash=seal.rules_hash,
            created_at=now,
        )
        db.session.add(entrant)
    elif (entrant.date_of_birth, entrant.country) != (born, country):
        raise Refused(
            _("Your date of birth and country must match your first entry."),
            code="details_changed",
            status=409,
        )
    period = period_of(campaign, now)
    if _has_entry(entrant, period):
        raise _already_entered(campaign)
    entry = SweepstakesEntry(entrant=entrant, period=period, created_at=now)
    db.session.add(entry)
    try:
        db.session.flush()
    except IntegrityError:
        # The same fan's other request won the race: the unique constraint kept one entry.
        raise _already_entered(campaign) from None
    record(
        fan,
        "sweepstakes_entered",
        campaign=campaign,
        ref=f"sweepstakes:{campaign.id}",
        key=ENTRY_POINTS_KEY.format(campaign=campaign.id, fan=fan.id, period=period),
        at=now,
    )
    return entry


def _has_entry(entrant: SweepstakesEntrant, period: str) -> bool:
    if entrant.id is None:
        return False
    return (
        db.session.scalar(
            select(SweepstakesEntry.id).where(
                SweepstakesEntry.entrant_id == entrant.id, SweepstakesEntry.period == period
            )
        )
        is not None
    )


def _already_entered(campaign: Campaign) -> Refused:
    if settings.read(campaign.settings).frequency == "daily":
        message = _("You have already entered today. Come back tomorrow for another entry.")
    else:
        message = _("You have already entered this sweepstakes.")
    return Refused(message, code="already_entered", status=409)


@dataclass(frozen=True)
class Standing:
    """A fan's entries: one per period entered, plus bonus entries per source (capped)."""

    base: int
    referral: int
    share: int
    quiz: int

    @property
    def total(self) -> int:
        return self.base + self.referral + self.share + self.quiz


def _count_events(fan_id: int, types, start, end, campaign_id=None) -> int:
    query = select(func.count()).where(
        EngagementEvent.fan_id == fan_id, EngagementEvent.type.in_(types)
    )
    if start is not None:
        query = query.where(EngagementEvent.created_at >= start)
    if end is not None:
        query = query.where(EngagementEvent.created_at < end)
    if campaign_id is not None:
        query = query.where(EngagementEvent.campaign_id == campaign_id)
    return db.session.scalar(query)


def linked_quiz(campaign: Campaign) -> Campaign | None:
    slug = settings.read(campaign.settings).linked_quiz
    if not slug:
        return None
    return db.session.scalar(
        select(Campaign).where(Campaign.brand_id == campaign.brand_id, Campaign.slug == slug)
    )


def standing(campaign: Campaign, entrant: SweepstakesEntrant) -> Standing:
    """The entrant's entries now, counting bonus events inside the sweepstakes' dates."""
    rules = settings.read(campaign.settings)
    start, end = campaign.starts_at, campaign.ends_at
    base = db.session.scalar(select(func.count()).where(SweepstakesEntry.entrant_id == entrant.id))
    referral = share = quiz = 0
    if rules.bonus_referral_cap:
        found = _count_events(entrant.fan_id, REFERRAL_EVENTS, start, end)
        referral = min(found, rules.bonus_referral_cap)
    if rules.bonus_share_cap:
        share = min(_count_events(entrant.fan_id, SHARE_EVENTS, start, end), rules.bonus_share_cap)
    quiz_campaign = linked_quiz(campaign)
    if rules.bonus_quiz_cap and quiz_campaign is not None:
        found = _count_events(entrant.fan_id, QUIZ_EVENTS, start, end, quiz_campaign.id)
        quiz = min(found, rules.bonus_quiz_cap)
    return Standing(base, referral, share, quiz)


def eligible_weights(campaign: Campaign) -> dict[str, int]:
    """Each eligible entrant's code and entries; fans flagged for fraud are held out."""
    entrants = db.session.scalars(
        select(SweepstakesEntrant)
        .join(FanProfile, FanProfile.id == SweepstakesEntrant.fan_id)
        .where(SweepstakesEntrant.campaign_id == campaign.id, FanProfile.fraud_flagged.is_(False))
    )
    weights = {entrant.code: standing(campaign, entrant).total for entrant in entrants}
    return {code: weight for code, weight in weights.items() if weight > 0}
