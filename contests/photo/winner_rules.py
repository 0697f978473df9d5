"""How a photo contest picks its winners: the rules in its settings, read, checked, changed."""

from dataclasses import dataclass
from fractions import Fraction

from flask_babel import gettext as _
from flask_babel import lazy_gettext

from app.console.services import Invalid
from app.extensions import db
from app.models import Campaign
from contests.photo.jury import winners_published
from contests.photo.jury_models import WINNER_METHODS

METHOD_LABELS = {
    "votes": lazy_gettext("Public votes"),
    "jury": lazy_gettext("Jury scores"),
    "blend": lazy_gettext("A blend of jury scores and public votes"),
}
TIE_RULE = lazy_gettext(
    "Entries with the same score are ranked by more public votes, then by who entered first."
)
MAX_JURORS = 50
MAX_WINNERS = 100


@dataclass(frozen=True)
class WinnerRules:
    """How the contest picks its winners, read from the campaign's settings."""

    method: str = "votes"
    # Share of the jury in a blend; the public votes weigh the rest.
    jury_weight: Fraction = Fraction(1, 2)
    # An entry needs this many jury scores to be ranked by (or blended with) the jury.
    min_jurors: int = 1
    winners_count: int = 1

    def as_settings(self) -> dict:
        return {
            "winner_method": self.method,
            "jury_weight": float(self.jury_weight),
            "min_jurors": self.min_jurors,
            "winners_count": self.winners_count,
        }


SETTING_FIELDS = {
    "winner_method": "method",
    "jury_weight": "jury_weight",
    "min_jurors": "min_jurors",
    "winners_count": "winners_count",
}


def _parse(key: str, value):
    """The rule a setting holds, or raise ValueError with what is wrong with it."""
    if key == "winner_method":
        if value not in WINNER_METHODS:
            raise ValueError(_("Winners are chosen by 'votes', 'jury' or 'blend'."))
        return value
    if key == "jury_weight":
        try:
            weight = Fraction(str(value).strip()) if not isinstance(value, bool) else None
        except (ValueError, ZeroDivisionError):
            weight = None
        if weight is None or not 0 <= weight <= 1:
            raise ValueError(_("The jury's weight is a number from 0 to 1, such as 0.6."))
        return weight
    limit = MAX_JURORS if key == "min_jurors" else MAX_WINNERS
    try:
        number = int(str(value).strip()) if not isinstance(value, bool | float) else None
    except ValueError:
        number = None
    if number is None or not 1 <= number <= limit:
        if key == "min_jurors":
            problem = _(
                "The jury scores an entry needs is a whole number from 1 to %(most)s.", most=limit
            )
        else:
            problem = _("The number of winners is a whole number from 1 to %(most)s.", most=limit)
        raise ValueError(problem)
    return number


def read_rules(settings: dict | None) -> WinnerRules:
    """The rules in the settings; anything missing or unusable keeps its default."""
    values = {}
    for key, name in SETTING_FIELDS.items():
        if key in (settings or {}):
            try:
                values[name] = _parse(key, settings[key])
            except ValueError:
                continue
    return WinnerRules(**values)


def settings_problems(settings: dict | None) -> list[str]:
    """What is wrong with the winner settings, for a kind's validate_settings."""
    found = []
    for key in SETTING_FIELDS:
        if key in (settings or {}):
            try:
                _parse(key, settings[key])
            except ValueError as error:
                found.append(str(error))
    return found


def change_rules(campaign: Campaign, form) -> WinnerRules:
    """Save the winner settings from the console's form; Invalid names each bad field."""
    if winners_published(campaign):
        raise Invalid({"winner_method": _("The winners are published: the rules are final.")})
    values, problems = {}, {}
    for key, name in SETTING_FIELDS.items():
        try:
            values[name] = _parse(key, form.get(key, ""))
        except ValueError as error:
            problems[key] = str(error)
    if problems:
        raise Invalid(problems)
    rules = WinnerRules(**values)
    # A new dict, so the JSON column is marked dirty; other keys belong to other modules.
    campaign.settings = {**(campaign.settings or {}), **rules.as_settings()}
    db.session.flush()
    return rules
