"""A quiz's rules in Campaign.settings: read leniently for play, checked strictly to go live."""

from dataclasses import asdict, dataclass, fields

ATTEMPT_MODES = ("once", "daily", "count", "unlimited")
TIE_RULES = ("first", "random")
MAX_POINTS = 10_000


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


def problems(settings: dict | None) -> list[str]:
    """What is wrong with these settings, in words a marketer can act on."""
    settings = settings or {}
    found = []
    for field in fields(QuizRules):
        if field.name in settings:
            problem = _problem(field.name, settings[field.name])
            if problem:
                found.append(problem)
    unknown = sorted(set(settings) - {f.name for f in fields(QuizRules)})
    if unknown:
        found.append(f"Unknown quiz settings: {', '.join(unknown)}.")
    return found


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _problem(name: str, value) -> str | None:
    if name == "attempts" and value not in ATTEMPT_MODES:
        return f"Attempts must be one of: {', '.join(ATTEMPT_MODES)}."
    if name == "max_attempts" and not (_is_int(value) and 1 <= value <= 1000):
        return "The number of attempts must be a whole number from 1 to 1000."
    if name in ("points_per_correct", "speed_bonus") and not (
        _is_int(value) and 0 <= value <= MAX_POINTS
    ):
        label = "Quiz score per correct answer" if name == "points_per_correct" else "Speed bonus"
        return f"{label} must be a whole number from 0 to {MAX_POINTS}."
    if name in ("shuffle_questions", "shuffle_choices", "sudden_death") and not isinstance(
        value, bool
    ):
        return f"{name.replace('_', ' ').capitalize()} must be on or off."
    if name == "tie_rule" and value not in TIE_RULES:
        return f"The tie rule must be one of: {', '.join(TIE_RULES)}."
    return None
