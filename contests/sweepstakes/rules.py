"""Official rules: written from the structured fields in each language, hashed, frozen once live.

The text in the brand's default language is the official one, the one the rules hash covers;
the same rules in the other languages are published beside it as translations.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import force_locale
from flask_babel import gettext as _

from app.campaigns.languages import translated
from app.campaigns.refusals import Refused
from app.extensions import db
from app.i18n import SUPPORTED_LOCALES
from app.models import Campaign
from contests.sweepstakes import draw, seeds, settings, translations
from contests.sweepstakes.models import SweepstakesSeal


def _local_text(value: datetime | None, zone: ZoneInfo) -> str:
    if value is None:
        return _("(not set)")
    local = value.astimezone(zone)
    return f"{local:%Y-%m-%d %H:%M} ({zone.key}), {value:%Y-%m-%d %H:%M} UTC"


def _bonus_lines(rules: settings.SweepstakesSettings) -> list[str]:
    sources = [
        (_("each referred friend who joins during the sweepstakes"), rules.bonus_referral_cap),
        (_("each share that brings a visit during the sweepstakes"), rules.bonus_share_cap),
    ]
    if rules.linked_quiz:
        sources.append(
            (
                _("completing the linked quiz (%(quiz)s)", quiz=rules.linked_quiz),
                rules.bonus_quiz_cap,
            )
        )
    return [
        _("- %(source)s: one bonus entry each, at most %(cap)d.", source=label, cap=cap)
        for label, cap in sources
        if cap > 0
    ]


def official_text(campaign: Campaign, locale: str = "en") -> str:
    """The official rules as plain text in one language; the default language's is hashed."""
    with force_locale(locale):
        return _written(campaign, locale)


def _written(campaign: Campaign, locale: str) -> str:
    rules = settings.read(campaign.settings)
    # The brand's own texts in this language where written, else in its default language.
    text = translations.fan_texts(rules, locale)
    zone = ZoneInfo(campaign.brand.timezone)
    if rules.countries:
        eligibility = _(
            "Open to people aged %(age)d or over on the day they enter, living in %(countries)s. "
            "Void where prohibited.",
            age=rules.min_age,
            countries=", ".join(rules.countries),
        )
    else:
        eligibility = _(
            "Open to people aged %(age)d or over on the day they enter, living in any country. "
            "Void where prohibited.",
            age=rules.min_age,
        )
    frequency = (
        _("one entry per person")
        if rules.frequency == "once"
        else _("one entry per person per day")
    )
    bonus = _bonus_lines(rules)
    sections = [
        (
            _("OFFICIAL RULES: %(title)s", title=translated(campaign, "title", locale)),
            _("NO PURCHASE NECESSARY. A purchase does not improve your chances."),
        ),
        (_("1. Sponsor"), f"{rules.sponsor_name}\n{text['sponsor_address']}"),
        (
            _("2. Dates"),
            _(
                "Entries open %(start)s and close %(end)s.",
                start=_local_text(campaign.starts_at, zone),
                end=_local_text(campaign.ends_at, zone),
            ),
        ),
        (_("3. Eligibility"), eligibility),
        (
            _("4. How to enter"),
            _(
                "Fill in the entry form with your date of birth and country and agree to these "
                "rules: %(frequency)s.",
                frequency=frequency,
            )
            + ("\n" + _("Bonus entries:") + "\n" + "\n".join(bonus) if bonus else ""),
        ),
        (_("5. Free method of entry"), text["free_method"]),
        (
            _("6. Prizes"),
            text["prizes"] + "\n" + _("Approximate value: %(value)s", value=text["prize_value"]),
        ),
        (
            _("7. Odds"),
            _(
                "The odds of winning depend on the number of eligible entries received; "
                "each entry counts once."
            ),
        ),
        (
            draw.counts_title(locale),
            draw.counts_sentence(locale, rules.winners, rules.alternates)
            + _(
                ", weighted by entries, after entries close. Before entries close the platform "
                "publishes the SHA-256 of a secret seed and of these rules. At the draw it "
                "publishes the list of eligible entries (pseudonymous codes), its hash and the "
                "seed; anyone can recompute the winners on the draw page. Entries flagged for "
                "fraud are held out. A disqualified winner is replaced by the next alternate, "
                "and the reason is published."
            ),
        ),
        (_("9. How winners are notified"), text["notification"]),
        (_("10. Privacy"), text["privacy"]),
    ]
    if rules.extra_rules.strip():
        sections.append((_("11. Additional rules"), text["extra_rules"]))
    body = "\n\n".join(f"{title}\n{text.strip()}" for title, text in sections)
    return body.replace("\r\n", "\n") + "\n"


def official_locale(campaign: Campaign) -> str:
    """The language the rules are frozen in: the brand's default one."""
    code = (campaign.brand.locale or "")[:2].lower()
    return code if code in SUPPORTED_LOCALES else "en"


def texts_of(seal: SweepstakesSeal) -> dict[str, str]:
    """Every language's text of frozen rules, the official one included: code -> text."""
    return {**(seal.rules_translations or {}), seal.rules_locale: seal.rules_text}


def seal_of(campaign: Campaign) -> SweepstakesSeal | None:
    return db.session.get(SweepstakesSeal, campaign.id)


def ensure_editable(campaign: Campaign) -> None:
    """Published rules are frozen: entrants agreed to them and their hash is public."""
    if seal_of(campaign) is not None:
        raise Refused(
            _("The sweepstakes is live: its official rules are frozen and cannot be edited."),
            code="rules_frozen",
            status=409,
        )


def publish(campaign: Campaign, now: datetime) -> SweepstakesSeal:
    """Freeze the rules and publish their hash with the seed's commitment; flushes."""
    ensure_editable(campaign)
    seed_hex = seeds.new_seed_hex()
    locale = official_locale(campaign)
    text = official_text(campaign, locale)
    seal = SweepstakesSeal(
        campaign_id=campaign.id,
        rules_text=text,
        rules_hash=draw.sha256_hex(text),
        rules_locale=locale,
        rules_translations={
            code: official_text(campaign, code) for code in SUPPORTED_LOCALES if code != locale
        },
        commitment=draw.sha256_hex(bytes.fromhex(seed_hex)),
        sealed_seed=seeds.seal(seed_hex),
        published_at=now,
    )
    db.session.add(seal)
    db.session.flush()
    return seal
