"""Official rules: written from the structured fields, hashed, and frozen once live."""

from datetime import datetime
from zoneinfo import ZoneInfo

from app.extensions import db
from app.models import Campaign
from contests.sweepstakes import draw, seeds, settings
from contests.sweepstakes.errors import SweepstakesRefused
from contests.sweepstakes.models import SweepstakesSeal

FREQUENCY_WORDS = {"once": "one entry per person", "daily": "one entry per person per day"}


def _moment(value: datetime | None, zone: ZoneInfo) -> str:
    if value is None:
        return "(not set)"
    local = value.astimezone(zone)
    return f"{local:%Y-%m-%d %H:%M} ({zone.key}), {value:%Y-%m-%d %H:%M} UTC"


def official_text(campaign: Campaign) -> str:
    """The official rules as plain text: the exact text the rules hash covers."""
    rules = settings.read(campaign.settings)
    zone = ZoneInfo(campaign.brand.timezone)
    countries = ", ".join(rules.countries) if rules.countries else "any country"
    bonus = [
        f"- {label}: one bonus entry each, at most {cap}."
        for label, cap in (
            ("each referred friend who joins during the sweepstakes", rules.bonus_referral_cap),
            ("each share that brings a visit during the sweepstakes", rules.bonus_share_cap),
            (f"completing the linked quiz ({rules.linked_quiz})", rules.bonus_quiz_cap),
        )
        if cap > 0 and (rules.linked_quiz or "quiz" not in label)
    ]
    sections = [
        (
            f"OFFICIAL RULES: {campaign.title}",
            "NO PURCHASE NECESSARY. A purchase does not improve your chances.",
        ),
        ("1. Sponsor", f"{rules.sponsor_name}\n{rules.sponsor_address}"),
        (
            "2. Dates",
            f"Entries open {_moment(campaign.starts_at, zone)} "
            f"and close {_moment(campaign.ends_at, zone)}.",
        ),
        (
            "3. Eligibility",
            f"Open to people aged {rules.min_age} or over on the day they enter, "
            f"living in {countries}. Void where prohibited.",
        ),
        (
            "4. How to enter",
            "Fill in the entry form with your date of birth and country and agree to these "
            f"rules: {FREQUENCY_WORDS[rules.frequency]}."
            + ("\nBonus entries:\n" + "\n".join(bonus) if bonus else ""),
        ),
        ("5. Free method of entry", rules.free_method),
        ("6. Prizes", f"{rules.prizes}\nApproximate value: {rules.prize_value}"),
        (
            "7. Odds",
            "The odds of winning depend on the number of eligible entries received; "
            "each entry counts once.",
        ),
        (
            draw.COUNTS_TITLE,
            draw.COUNTS_SENTENCE.format(winners=rules.winners, alternates=rules.alternates)
            + ", weighted by entries, after entries close. Before entries close the platform "
            "publishes the SHA-256 of a secret seed and of these rules. At the draw it publishes "
            "the list of eligible entries (pseudonymous codes), its hash and the seed; anyone "
            "can recompute the winners on the draw page. Entries flagged for fraud are held out. "
            "A disqualified winner is replaced by the next alternate, and the reason is published.",
        ),
        ("9. How winners are notified", rules.notification),
        ("10. Privacy", rules.privacy),
    ]
    if rules.extra_rules.strip():
        sections.append(("11. Additional rules", rules.extra_rules))
    body = "\n\n".join(f"{title}\n{text.strip()}" for title, text in sections)
    return body.replace("\r\n", "\n") + "\n"


def seal_of(campaign: Campaign) -> SweepstakesSeal | None:
    return db.session.get(SweepstakesSeal, campaign.id)


def ensure_editable(campaign: Campaign) -> None:
    """Published rules are frozen: entrants agreed to them and their hash is public."""
    if seal_of(campaign) is not None:
        raise SweepstakesRefused(
            "The sweepstakes is live: its official rules are frozen and cannot be edited.",
            code="rules_frozen",
        )


def publish(campaign: Campaign, now: datetime) -> SweepstakesSeal:
    """Freeze the rules and publish their hash with the seed's commitment; flushes."""
    ensure_editable(campaign)
    seed_hex = seeds.new_seed_hex()
    text = official_text(campaign)
    seal = SweepstakesSeal(
        campaign_id=campaign.id,
        rules_text=text,
        rules_hash=draw.sha256_hex(text),
        commitment=draw.sha256_hex(bytes.fromhex(seed_hex)),
        sealed_seed=seeds.seal(seed_hex),
        published_at=now,
    )
    db.session.add(seal)
    db.session.flush()
    return seal
