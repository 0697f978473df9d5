"""A sweepstakes' structured fields in Campaign.settings: read leniently, checked to go live."""

import re
from dataclasses import asdict, dataclass, field, fields

from flask_babel import gettext as _
from flask_babel import lazy_gettext

from app.campaigns.refusals import Problem
from contests.sweepstakes import translations as texts_by_language

KIND_KEY = "contest.sweepstakes"
FREQUENCIES = ("once", "daily")
COUNTRY = re.compile(r"[A-Z]{2}")
SLUG = re.compile(r"[a-z0-9-]{1,64}")
MAX_BONUS = 100
# The official rules cannot go live without these.
REQUIRED_TEXT = {
    "sponsor_name": lazy_gettext("the sponsor's name"),
    "sponsor_address": lazy_gettext("the sponsor's address"),
    "prizes": lazy_gettext("the prizes"),
    "prize_value": lazy_gettext("the prizes' approximate value"),
    "free_method": lazy_gettext("the free method of entry"),
    "notification": lazy_gettext("how winners are notified"),
    "privacy": lazy_gettext("the privacy notice"),
}


@dataclass(frozen=True)
class SweepstakesSettings:
    """Every setting a sweepstakes reads, with its default."""

    min_age: int = 18
    # ISO 3166 alpha-2 codes; empty means every country.
    countries: tuple[str, ...] = ()
    frequency: str = "once"
    winners: int = 1
    alternates: int = 2
    # Bonus entries per source, each capped by the brand; 0 turns the source off.
    bonus_referral_cap: int = 0
    bonus_share_cap: int = 0
    bonus_quiz_cap: int = 0
    linked_quiz: str = ""
    sponsor_name: str = ""
    sponsor_address: str = ""
    prizes: str = ""
    prize_value: str = ""
    free_method: str = ""
    notification: str = ""
    privacy: str = ""
    extra_rules: str = ""
    # The fan-read texts in the brand's other languages: {"fr": {"prizes": "..."}}.
    translations: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        values = asdict(self)
        values["countries"] = list(self.countries)
        return values


def read(settings: dict | None) -> SweepstakesSettings:
    """The settings, falling back to the default for anything missing or unusable."""
    settings = settings or {}
    values = {}
    for item in fields(SweepstakesSettings):
        if item.name not in settings:
            continue
        value = settings[item.name]
        if item.name == "countries" and isinstance(value, list):
            value = tuple(value)
        if item.name == "translations":
            if not texts_by_language.problems(value):
                values[item.name] = value
            continue
        if _problem(item.name, value) is None:
            values[item.name] = value
    return SweepstakesSettings(**values)


def problems(settings: dict | None) -> list[Problem]:
    """What is wrong with these settings, in words a marketer can act on, beside each field."""
    settings = settings or {}
    known = {item.name for item in fields(SweepstakesSettings)}
    found = [
        Problem(problem, name)
        for name, value in settings.items()
        if name in known
        and (problem := _problem(name, tuple(value) if isinstance(value, list) else value))
    ]
    if "translations" in settings:
        found += texts_by_language.problems(settings["translations"])
    unknown = sorted(set(settings) - known)
    if unknown:
        names = ", ".join(unknown)
        found.append(Problem(_("Unknown sweepstakes settings: %(names)s.", names=names)))
    return found


def missing_for_rules(rules: SweepstakesSettings) -> list[Problem]:
    """The official-rules fields still empty: each stops the sweepstakes from going live."""
    return [
        Problem(_("The official rules need %(what)s.", what=label), name)
        for name, label in REQUIRED_TEXT.items()
        if not getattr(rules, name).strip()
    ]


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _problem(name: str, value) -> str | None:
    if name == "translations":
        return None  # checked text by text in contests.sweepstakes.translations
    if name == "min_age" and not (_is_int(value) and 0 <= value <= 120):
        return _("The minimum age must be a whole number from 0 to 120.")
    if name == "countries" and not (
        isinstance(value, tuple) and all(isinstance(c, str) and COUNTRY.fullmatch(c) for c in value)
    ):
        return _("Countries must be two-letter codes such as FR, BE or US.")
    if name == "frequency" and value not in FREQUENCIES:
        return _("Entries per fan must be once or once a day.")
    if name == "winners" and not (_is_int(value) and 1 <= value <= 100):
        return _("The number of winners must be a whole number from 1 to 100.")
    if name == "alternates" and not (_is_int(value) and 0 <= value <= 100):
        return _("The number of alternates must be a whole number from 0 to 100.")
    if name.startswith("bonus_") and not (_is_int(value) and 0 <= value <= MAX_BONUS):
        return _("Bonus entry caps must be whole numbers from 0 to %(most)s.", most=MAX_BONUS)
    if name == "linked_quiz" and not (
        value == "" or (isinstance(value, str) and SLUG.fullmatch(value))
    ):
        return _("The linked quiz must be a campaign's slug.")
    text_field = name in REQUIRED_TEXT or name == "extra_rules"
    if text_field and (not isinstance(value, str) or len(value) > 5000):
        label = REQUIRED_TEXT.get(name) or lazy_gettext("the additional rules")
        return _("Write %(what)s as a text of at most 5000 characters.", what=label)
    return None
