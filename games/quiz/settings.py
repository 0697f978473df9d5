"""A quiz's rules in Campaign.settings: read leniently for play, checked strictly to go live."""

from dataclasses import asdict, dataclass, fields

from flask_babel import gettext as _

from app.campaigns.refusals import Problem

ATTEMPT_MODES = ("once", "daily", "count", "unlimited")
TIE_RULES = ("first", "random")
MAX_POINTS = 10_000
ON_OFF = ("shuffle_questions", "shuffle_choices", "sudden_death", "show_right_share")
# A new draft's settings, per quiz type.
DEFAULTS = {"trivia": {"attempts": "once"}, "personality": {"attempts": "unlimited"}, "poll": {}}


@dataclass(frozen=True)
class QuizRules:
    """Every setting a quiz kind reads, with its default."""

    # once; daily (once per calendar day in the brand's zone); count (max_attempts); unlimited.
    attempts: str = "once"
    max_attempts: int = 1
    shuffle_questions: bool = False
    shuffle_choices: bool = False
    points_per_correct: int = 100
    # Up to this many extra points for a fast correct answer; needs a time limit on the question.
    speed_bonus: int = 0
    sudden_death: bool = False
    # Personality: which outcome wins a tie, the first in order or one drawn per attempt.
    tie_rule: str = "first"
    # Trivia: after each answer, tell the fan the share of other players who got it right.
    show_right_share: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def read(settings: dict | None) -> QuizRules:
    """The rules in settings, falling back to the default for anything missing or unusable."""
    settings = settings or {}
    values = {}
    for field in fields(QuizRules):
        value = settings.get(field.name, field.default)
        if _problem(field.name, value) is None:
            values[field.name] = value
    return QuizRules(**values)


def problems(settings: dict | None) -> list[Problem]:
    """What is wrong with these settings, in words a marketer can act on, beside each field."""
    settings = settings or {}
    found = []
    for field in fields(QuizRules):
        if field.name in settings:
            problem = _problem(field.name, settings[field.name])
            if problem:
                found.append(Problem(problem, field.name))
    unknown = sorted(set(settings) - {f.name for f in fields(QuizRules)})
    if unknown:
        found.append(Problem(_("Unknown quiz settings: %(names)s.", names=", ".join(unknown))))
    return found


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _on_off_label(name: str) -> str:
    return {
        "shuffle_questions": _("Shuffle questions"),
        "shuffle_choices": _("Shuffle choices"),
        "sudden_death": _("Sudden death"),
        "show_right_share": _("Show how many players got it right"),
    }[name]


def _problem(name: str, value) -> str | None:
    if name == "attempts" and value not in ATTEMPT_MODES:
        return _("Attempts must be one of: %(modes)s.", modes=", ".join(ATTEMPT_MODES))
    if name == "max_attempts" and not (_is_int(value) and 1 <= value <= 1000):
        return _("The number of attempts must be a whole number from 1 to 1000.")
    if name in ("points_per_correct", "speed_bonus") and not (
        _is_int(value) and 0 <= value <= MAX_POINTS
    ):
        if name == "points_per_correct":
            return _(
                "Quiz score per correct answer must be a whole number from 0 to %(max)s.",
                max=MAX_POINTS,
            )
        return _("Speed bonus must be a whole number from 0 to %(max)s.", max=MAX_POINTS)
    if name in ON_OFF and not isinstance(value, bool):
        return _("%(setting)s must be on or off.", setting=_on_off_label(name))
    if name == "tie_rule" and value not in TIE_RULES:
        return _("The tie rule must be one of: %(rules)s.", rules=", ".join(TIE_RULES))
    return None
