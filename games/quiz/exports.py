"""What staff can export of a quiz: the answers per fan, and the results tables as one CSV."""

from collections import Counter
from collections.abc import Iterator
from typing import BinaryIO

from flask_babel import gettext as _
from flask_babel import lazy_gettext
from sqlalchemy import select

from app.exports.datasets import Dataset, Progress, Scope, write_csv
from app.extensions import db
from games.quiz import content, results
from games.quiz.models import QuizAnswer, QuizAttempt
from games.quiz.quiz_types import quiz_type


def _count_answers(scope: Scope) -> int:
    return results.answer_count(scope.campaign)


def _write_answers(scope: Scope, out: BinaryIO, progress: Progress | None = None) -> int:
    campaign = scope.campaign
    return write_csv(out, results.answer_columns(campaign), results.answer_rows(campaign), progress)


def _share(count, whole) -> float | str:
    """A fraction a spreadsheet formats as it likes (0.5 = 50 %); empty when there is no whole."""
    return round(count / whole, 4) if whole else ""


def choice_picks(campaign) -> Counter:
    """How many answers picked each choice: {(question_id, choice_id): count}; streamed."""
    picks: Counter = Counter()
    query = (
        select(QuizAnswer.question_id, QuizAnswer.choice_ids)
        .join(QuizAttempt, QuizAttempt.id == QuizAnswer.attempt_id)
        .where(QuizAttempt.campaign_id == campaign.id, QuizAnswer.answered_at.is_not(None))
        .execution_options(yield_per=1000)
    )
    for question_id, chosen in db.session.execute(query):
        for choice_id in chosen or ():
            picks[(question_id, choice_id)] += 1
    return picks


def result_rows(campaign) -> Iterator[tuple]:
    """The results page's tables, one row each: section, question or outcome, choice or
    figure, count, share (of the step before, of the answers, of the votes)."""
    kind = quiz_type(campaign)
    figures = results.summary(campaign)
    steps = {
        "viewed": _("Viewed"),
        "started": _("Started"),
        "completed": _("Completed"),
        "shared": _("Shared"),
        "voted": _("Voted"),
    }
    funnel = figures["funnel"]
    first = next(iter(funnel.values()), 0)
    for step, count in funnel.items():
        yield _("Funnel"), steps.get(step, step), "", count, _share(count, first)
    yield _("Summary"), _("Participants"), "", figures["participants"], ""
    if "attempts" in figures:
        yield _("Summary"), _("Games played"), "", figures["attempts"], ""
        yield _("Summary"), _("Average score"), "", figures["average_score"], ""
        yield _("Summary"), _("Friends brought by shares"), "", figures["friends_brought"], ""
    if figures.get("questions"):
        yield from _question_rows(campaign, kind, figures)
    for outcome in figures.get("outcomes", ()):
        total = sum(o["count"] for o in figures["outcomes"])
        yield _("Outcomes"), outcome["title"], "", outcome["count"], _share(outcome["count"], total)
    for poll in figures.get("polls", ()):
        for choice in poll["choices"]:
            yield (
                _("Votes"),
                poll["text"],
                choice["text"],
                choice["count"],
                _share(choice["count"], poll["total"]),
            )


def _question_rows(campaign, kind: str, figures: dict) -> Iterator[tuple]:
    picks = choice_picks(campaign)
    choices = {q.id: q.choices for q in content.questions(campaign.id)}
    section = _("Questions")
    for q in figures["questions"]:
        label = f"{q['number']}. {q['text']}"
        yield (
            section,
            label,
            _("Reached"),
            q["reached"],
            _share(q["reached"], figures["participants"]),
        )
        yield section, label, _("Answered"), q["answered"], _share(q["answered"], q["reached"])
        if kind == "trivia":
            yield section, label, _("Right"), q["correct"], _share(q["correct"], q["answered"])
        yield section, label, _("Stopped here"), q["dropped"], _share(q["dropped"], q["reached"])
        for choice in choices.get(q["question_id"], ()):
            count = picks[(q["question_id"], choice.id)]
            yield _("Choices"), label, choice.text, count, _share(count, q["answered"])


def _count_results(scope: Scope) -> int:
    return sum(1 for _row in result_rows(scope.campaign))


def _write_results(scope: Scope, out: BinaryIO, progress: Progress | None = None) -> int:
    headers = (
        _("Section"),
        _("Question or outcome"),
        _("Choice or figure"),
        _("Count"),
        _("Share"),
    )
    return write_csv(out, headers, result_rows(scope.campaign), progress)


ANSWERS = Dataset(
    key="answers",
    label=lazy_gettext("Answers"),
    title=lazy_gettext("Answers to %(name)s"),
    subject=lazy_gettext("Your export of the answers to %(name)s is ready"),
    count=_count_answers,
    write=_write_answers,
)
RESULTS = Dataset(
    key="results",
    label=lazy_gettext("Results"),
    title=lazy_gettext("Results of %(name)s"),
    subject=lazy_gettext("Your export of the results of %(name)s is ready"),
    count=_count_results,
    write=_write_results,
)


def datasets(campaign) -> list[Dataset]:
    """The quiz's lists for CampaignKind.export_datasets: the same for every quiz kind."""
    return [ANSWERS, RESULTS]
