"""What stops a quiz from going live: settings, questions, answers, outcomes and dates."""

from app import clock
from games.quiz import content, scoring, settings
from games.quiz.quiz_types import quiz_type


def problems(campaign, *, now=None) -> list[str]:
    """Every problem that must be fixed before this quiz goes live (empty when it may)."""
    now = now or clock.now()
    found = list(settings.problems(campaign.settings))
    found += _date_problems(campaign, now)
    kind = quiz_type(campaign)
    questions = content.questions(campaign.id)
    if not questions:
        found.append("Add at least one question.")
    rules = settings.read(campaign.settings)
    for number, question in enumerate(questions, start=1):
        found += _question_problems(number, question, kind, rules)
    if kind == "personality":
        found += _outcome_problems(questions, content.outcomes(campaign.id), rules)
    return found


def _date_problems(campaign, now) -> list[str]:
    starts, ends = campaign.starts_at, campaign.ends_at
    if starts and ends and ends <= starts:
        return ["The end date must come after the start date."]
    if ends and ends <= now:
        return ["The end date is already past; choose a later one."]
    return []


def _question_problems(number: int, question, kind: str, rules) -> list[str]:
    label = f"Question {number}"
    found = []
    if not question.text.strip():
        found.append(f"{label} has no text.")
    if len(question.choices) < 2:
        found.append(f"{label} needs at least two choices.")
    if any(not choice.text.strip() for choice in question.choices):
        found.append(f"{label} has a choice without text.")
    if kind == "trivia":
        correct = sum(choice.correct for choice in question.choices)
        if correct == 0:
            found.append(f"{label} has no correct choice.")
        elif correct > 1 and not question.multiple:
            found.append(
                f"{label} has {correct} correct choices; keep one, or let fans pick several."
            )
        if rules.speed_bonus and not question.time_limit_seconds:
            found.append(f"{label} needs a time limit for the speed bonus to be measured.")
    return found


def _outcome_problems(questions, outcomes, rules) -> list[str]:
    if len(outcomes) < 2:
        return ["A personality quiz needs at least two outcomes."]
    found = [f"Outcome {n} has no title." for n, o in enumerate(outcomes, 1) if not o.title.strip()]
    ids = [o.id for o in outcomes]
    weights = [[{w.outcome_id: w.weight for w in c.weights} for c in q.choices] for q in questions]
    reached, proven = scoring.reachable(weights, ids, rules.tie_rule)
    if proven:
        for outcome in outcomes:
            if outcome.id not in reached:
                found.append(
                    f"No set of answers leads to the outcome {outcome.title!r}; "
                    "give it more weight on some choices."
                )
    return found
