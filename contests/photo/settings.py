"""A photo contest's rules in Campaign.settings: read leniently, checked strictly to save.

Voting dates are ISO 8601 strings with a zone; without them voting follows the campaign's
dates. Keys another module owns (the jury's) are left to it.

Who votes: by default only fans who proved who they are (an email link, a social login, the
brand's own sign-in); a contest saved before this rule existed reads the same default. A
brand may let guests vote too: their votes are provisional until they sign in, and capped
per device and per network for each entry and voting period (contests.photo.guest_votes).
"""

import re
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime

from flask_babel import gettext as _

from app.campaigns.refusals import Problem
from contests.photo import translations as texts_by_language

# The photo contest's kind key: every other module reads it from here.
KIND_KEY = "contest.photo"
MODERATION_MODES = ("pre", "post")
VOTE_RULES = ("daily", "once")
VOTERS = ("signed_in", "guests")
MAX_GUEST_VOTES_PER_DEVICE = 10
MAX_GUEST_VOTES_PER_NETWORK = 1000
# Read and checked by contests.photo.winners / jury: accepted here as they are.
JURY_KEYS = ("winner_method", "jury_weight", "min_jurors", "winners_count")
FIELD_KEY = re.compile(r"[a-z][a-z0-9_]{0,31}")
MAX_FIELDS = 5


@dataclass(frozen=True)
class PhotoRules:
    """Every setting the photo contest reads, with its default."""

    # pre: hidden until a moderator approves; post: shown at once, taken down if need be.
    moderation: str = "pre"
    # daily: one vote per entry per fan per day; once: one vote per entry per fan, ever.
    vote_rule: str = "daily"
    max_votes_per_day: int = 10
    # signed_in: fans who signed in; guests: guests too, their votes provisional until then.
    who_votes: str = "signed_in"
    # Guest votes for one entry in one voting period, from one browser and from one network.
    guest_votes_per_device: int = 1
    guest_votes_per_network: int = 3
    max_entries_per_fan: int = 3
    voting_starts_at: str | None = None
    voting_ends_at: str | None = None
    # Extra questions for each entry: [{"key": "city", "label": "Your city", "required": false}]
    fields: list = field(default_factory=list)
    # The questions' labels in the brand's other languages: {"fr": {"label_city": "Votre ville"}}.
    translations: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)

    def voting_window(self) -> tuple[datetime | None, datetime | None]:
        return _stored_moment(self.voting_starts_at), _stored_moment(self.voting_ends_at)


def read(settings: dict | None) -> PhotoRules:
    """The rules in settings, falling back to the default for anything missing or unusable."""
    settings = settings or {}
    values = {}
    for rule in fields(PhotoRules):
        if rule.name in settings and _problem(rule.name, settings[rule.name]) is None:
            values[rule.name] = settings[rule.name]
    stored = settings.get("translations")
    if stored is not None and texts_by_language.problems(stored, values.get("fields", [])):
        values.pop("translations", None)
    return PhotoRules(**values)


def problems(settings: dict | None) -> list[Problem]:
    """What is wrong with these settings, in words a marketer can act on, beside each field."""
    settings = settings or {}
    found = []
    for rule in fields(PhotoRules):
        if rule.name in settings:
            problem = _problem(rule.name, settings[rule.name])
            if problem:
                found.append(Problem(problem, rule.name))
    start, end = (
        _stored_moment(settings.get("voting_starts_at")),
        _stored_moment(settings.get("voting_ends_at")),
    )
    if "translations" in settings:
        found += texts_by_language.problems(settings["translations"], settings.get("fields", []))
    if start and end and end <= start:
        found.append(Problem(_("Voting must end after it starts."), "voting_ends_at"))
    unknown = sorted(set(settings) - {f.name for f in fields(PhotoRules)} - set(JURY_KEYS))
    if unknown:
        names = ", ".join(unknown)
        found.append(Problem(_("Unknown photo contest settings: %(names)s.", names=names)))
    return found


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _stored_moment(value) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _field_problem(value) -> str | None:
    if not isinstance(value, list) or len(value) > MAX_FIELDS:
        return _("Entry fields must be a list of at most %(most)s.", most=MAX_FIELDS)
    keys = set()
    for item in value:
        if not (
            isinstance(item, dict)
            and isinstance(item.get("key"), str)
            and FIELD_KEY.fullmatch(item["key"])
            and isinstance(item.get("label"), str)
            and 0 < len(item["label"].strip()) <= 100
            and isinstance(item.get("required", False), bool)
        ):
            return _(
                "Each entry field needs a key (lowercase letters, digits, underscores), "
                "a label of up to 100 characters and whether it is required."
            )
        keys.add(item["key"])
    if len(keys) != len(value):
        return _("Two entry fields have the same key.")
    return None


def _problem(name: str, value) -> str | None:
    if name == "translations":
        return None  # checked against the questions in contests.photo.translations
    if name == "moderation" and value not in MODERATION_MODES:
        return _("Moderation must be 'pre' (approve before showing) or 'post'.")
    if name == "vote_rule" and value not in VOTE_RULES:
        return _("Votes must be allowed 'daily' or 'once' per entry.")
    if name == "max_votes_per_day" and not (_is_int(value) and 1 <= value <= 1000):
        return _("The votes per fan per day must be a whole number from 1 to 1000.")
    if name == "max_entries_per_fan" and not (_is_int(value) and 1 <= value <= 100):
        return _("The entries per fan must be a whole number from 1 to 100.")
    if name == "who_votes" and value not in VOTERS:
        return _("Choose who can vote: signed-in fans only, or guests too.")
    if name == "guest_votes_per_device" and not (
        _is_int(value) and 1 <= value <= MAX_GUEST_VOTES_PER_DEVICE
    ):
        return _(
            "Guest votes per device must be a whole number from 1 to %(most)s.",
            most=MAX_GUEST_VOTES_PER_DEVICE,
        )
    if name == "guest_votes_per_network" and not (
        _is_int(value) and 1 <= value <= MAX_GUEST_VOTES_PER_NETWORK
    ):
        return _(
            "Guest votes per network must be a whole number from 1 to %(most)s.",
            most=MAX_GUEST_VOTES_PER_NETWORK,
        )
    if (
        name in ("voting_starts_at", "voting_ends_at")
        and value is not None
        and not _stored_moment(value)
    ):
        return _("Voting dates must be dates with a time zone.")
    if name == "fields":
        return _field_problem(value)
    return None
