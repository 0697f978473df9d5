"""What stops a quiz from going live: settings, questions, answers, outcomes and dates."""

from flask_babel import gettext as _

from app import clock
from games.quiz import content, scoring, settings
from games.quiz.quiz_types import quiz_type


def problems(campaign, *, now=None) -> list[str]:
    """Every problem that must be fixed before this quiz goes live (empty when it may)."""
    now = now or clock.now()
    found = [problem.message for problem in settings.problems(campaign.settings)]
    found += _date_problems(campaign, now)
    kind = quiz_type(campaign)
    questions = content.questions(campaign.id)
    if not questions:
        found.append(_("Add at least one question."))
    rules = settings.read(campaign.settings)
    for number, question in enumerate(questions, start=1):
        found += _question_problems(number, question, kind, rules)
    if kind == "personality":
        found += _outcome_problems(questions, content.outcomes(campaign.id), rules)
    return found


def _date_problems(campaign, now) -> list[str]:
    starts, ends = campaign.starts_at, campaign.ends_at
    if starts and ends and ends <= starts:
        return [_("The end date must come after the start date.")]
    if ends and ends <= now:
        return [_("The end date is already past; choose a later one.")]
    return []


def _question_problems(number: int, question, kind: str, rules) -> list[str]:
    found = []
    if not question.text.strip():
        found.append(_("Question %(number)s has no text.", number=number))
    if len(question.choices) < 2:
        found.append(_("Question %(number)s needs at least two choices.", number=number))
    if any(not choice.text.strip() for choice in question.choices):
        found.append(_("Question %(number)s has a choice without text.", number=number))
    if kind == "trivia":
        correct = sum(choice.correct for choice in question.choices)
        if correct == 0:
            found.append(_("Question %(number)s has no correct choice.", number=number))
        elif correct > 1 and not question.multiple:
            found.append(
                _(
                    "Question %(number)s has %(count)s correct choices; keep one, "
                    "or let fans pick several.",
                    number=number,
                    count=correct,
                )
            )
        if rules.speed_bonus and not question.time_limit_seconds:
            found.append(
                _(
                    "Question %(number)s needs a time limit for the speed bonus to be measured.",
                    number=number,
                )
            )
    return found


def _outcome_problems(questions, outcomes, rules) -> list[str]:
    if len(outcomes) < 2:
        return [_("A personality quiz needs at least two outcomes.")]
    found = [
        _("Outcome %(number)s has no title.", number=n)
        for n, o in enumerate(outcomes, 1)
        if not o.title.strip()
    ]
    ids = [o.id for o in outcomes]
    weights = [[{w.outcome_id: w.weight for w in c.weights} for c in q.choices] for q in questions]
    reached, proven = scoring.reachable(weights, ids, rules.tie_rule)
    if proven:
        for outcome in outcomes:
            if outcome.id not in reached:
                found.append(
                    _(
                        "No set of answers leads to the outcome '%(title)s'; "
                        "give it more weight on some choices.",
                        title=outcome.title,
                    )
                )
    return found
