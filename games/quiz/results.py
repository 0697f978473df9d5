"""A quiz's results for its brand: funnel, per-question rates, outcomes, poll counts, the
answers' rows (exported by games/quiz/exports.py)."""

from collections.abc import Iterator

from sqlalchemy import case, distinct, func, select, union

from app.extensions import db
from app.models import EngagementEvent, FanProfile, User
from games.quiz import content, polls
from games.quiz.models import QuizAnswer, QuizAttempt, QuizPollVote, QuizShare
from games.quiz.quiz_types import quiz_type

CSV_COLUMNS = (
    "fan_id",
    "name",
    "email",
    "attempt",
    "started_at",
    "finished_at",
    "question_number",
    "question",
    "answer",
    "correct",
    "late",
    "seconds",
    "score",
)
POLL_CSV_COLUMNS = ("fan_id", "name", "email", "question", "answer", "voted_at")


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def funnel(campaign) -> dict[str, int]:
    """Distinct fans at each step: viewed, started (voted for a poll), completed, shared."""
    viewers = select(EngagementEvent.fan_id).where(
        EngagementEvent.campaign_id == campaign.id, EngagementEvent.type == "campaign_viewed"
    )
    if quiz_type(campaign) == "poll":
        voters = select(QuizPollVote.fan_id).where(QuizPollVote.campaign_id == campaign.id)
        return {
            # A fan who voted saw the poll, even if the view beacon never arrived.
            "viewed": _count(union(viewers, voters)),
            "voted": _count(voters.distinct()),
        }
    starters = select(QuizAttempt.fan_id).where(QuizAttempt.campaign_id == campaign.id)
    finishers = starters.where(QuizAttempt.ended_by.in_(("completed", "sudden_death")))
    sharers = select(QuizShare.fan_id).where(QuizShare.campaign_id == campaign.id)
    return {
        "viewed": _count(union(viewers, starters)),
        "started": _count(starters.distinct()),
        "completed": _count(finishers.distinct()),
        "shared": _count(sharers.distinct()),
    }


def question_stats(campaign) -> list[dict]:
    """Per question: fans who reached it, answered it, got it right, and left at it."""
    rows = db.session.execute(
        select(
            QuizAnswer.question_id,
            func.count(),
            func.count(QuizAnswer.answered_at),
            func.sum(case((QuizAnswer.correct.is_(True), 1), else_=0)),
            func.sum(case((QuizAnswer.answered_at.is_(None), 1), else_=0)),
        )
        .join(QuizAttempt, QuizAttempt.id == QuizAnswer.attempt_id)
        .where(QuizAttempt.campaign_id == campaign.id)
        .group_by(QuizAnswer.question_id)
    ).all()
    by_question = {row[0]: row[1:] for row in rows}
    stats = []
    for number, question in enumerate(content.questions(campaign.id), start=1):
        reached, answered, correct, unanswered = by_question.get(question.id, (0, 0, 0, 0))
        stats.append(
            {
                "number": number,
                "question_id": question.id,
                "text": question.text,
                "reached": reached,
                "answered": answered,
                "correct": correct or 0,
                "correct_rate": round((correct or 0) / answered, 3) if answered else None,
                # Served and not answered: fans who stopped here (or are on it right now).
                "dropped": unanswered or 0,
            }
        )
    return stats


def outcome_counts(campaign) -> list[dict]:
    counts = dict(
        db.session.execute(
            select(QuizAttempt.outcome_id, func.count())
            .where(QuizAttempt.campaign_id == campaign.id, QuizAttempt.outcome_id.is_not(None))
            .group_by(QuizAttempt.outcome_id)
        ).all()
    )
    return [
        {"outcome_id": o.id, "title": o.title, "count": counts.get(o.id, 0)}
        for o in content.outcomes(campaign.id)
    ]


def poll_counts(campaign) -> list[dict]:
    found = []
    for question in content.questions(campaign.id):
        counts = polls.counts(question)
        found.append(
            {
                "question_id": question.id,
                "text": question.text,
                "total": sum(counts.values()),
                "choices": [
                    {"choice_id": c.id, "text": c.text, "count": counts[c.id]}
                    for c in question.choices
                ],
            }
        )
    return found


def summary(campaign) -> dict:
    """Everything the results page shows, as plain data (also the kind's `summary` hook)."""
    kind = quiz_type(campaign)
    figures = {"kind": kind, "funnel": funnel(campaign)}
    if kind == "poll":
        figures["participants"] = figures["funnel"]["voted"]
        figures["polls"] = poll_counts(campaign)
        return figures
    figures["participants"] = figures["funnel"]["started"]
    figures["attempts"] = db.session.scalar(
        select(func.count()).where(QuizAttempt.campaign_id == campaign.id)
    )
    figures["average_score"] = round(
        db.session.scalar(
            select(func.coalesce(func.avg(QuizAttempt.score), 0)).where(
                QuizAttempt.campaign_id == campaign.id, QuizAttempt.finished_at.is_not(None)
            )
        ),
        1,
    )
    figures["friends_brought"] = db.session.scalar(
        select(func.count(distinct(EngagementEvent.ref))).where(
            EngagementEvent.campaign_id == campaign.id, EngagementEvent.type == "quiz_shared"
        )
    )
    figures["questions"] = question_stats(campaign)
    if kind == "personality":
        figures["outcomes"] = outcome_counts(campaign)
    return figures


def _fan_columns():
    # An email leaves only with marketing consent, as in every other export.
    email = case((FanProfile.marketing_consent.is_(True), User.email), else_="")
    return FanProfile.id, User.display_name, email


def _answers_query(campaign):
    return (
        select(*_fan_columns(), QuizAttempt, QuizAnswer)
        .join(QuizAttempt, QuizAttempt.fan_id == FanProfile.id)
        .join(User, User.id == FanProfile.user_id)
        .join(QuizAnswer, QuizAnswer.attempt_id == QuizAttempt.id)
        .where(QuizAttempt.campaign_id == campaign.id)
    )


def _votes_query(campaign):
    return (
        select(*_fan_columns(), QuizPollVote)
        .join(QuizPollVote, QuizPollVote.fan_id == FanProfile.id)
        .join(User, User.id == FanProfile.user_id)
        .where(QuizPollVote.campaign_id == campaign.id)
    )


def answer_columns(campaign) -> tuple[str, ...]:
    """The answers CSV's columns: one set for polls, one for quizzes."""
    return POLL_CSV_COLUMNS if quiz_type(campaign) == "poll" else CSV_COLUMNS


def answer_count(campaign) -> int:
    """How many rows answer_rows would give, without reading them."""
    query = _votes_query(campaign) if quiz_type(campaign) == "poll" else _answers_query(campaign)
    return _count(query)


def answer_rows(campaign) -> Iterator[tuple]:
    """One row per answer (or vote) per fan, in fan and attempt order; streamed."""
    if quiz_type(campaign) == "poll":
        yield from _vote_rows(campaign)
        return
    query = (
        _answers_query(campaign)
        .order_by(FanProfile.id, QuizAttempt.number, QuizAnswer.position)
        .execution_options(yield_per=1000)
    )
    for fan_id, name, email, attempt, answer in db.session.execute(query):
        question = attempt.snapshot["questions"][answer.position]
        texts = {c["id"]: c["text"] for c in question["choices"]}
        seconds = (
            round((answer.answered_at - answer.served_at).total_seconds(), 1)
            if answer.answered_at
            else ""
        )
        yield (
            fan_id,
            name,
            email or "",
            attempt.number,
            _iso(attempt.started_at),
            _iso(attempt.finished_at),
            answer.position + 1,
            question["text"],
            " | ".join(texts.get(c, str(c)) for c in answer.choice_ids),
            "" if answer.correct is None else ("yes" if answer.correct else "no"),
            "yes" if answer.late else "no",
            seconds,
            answer.points,
        )


def _vote_rows(campaign) -> Iterator[tuple]:
    questions = {q.id: q for q in content.questions(campaign.id)}
    query = (
        _votes_query(campaign)
        .order_by(FanProfile.id, QuizPollVote.question_id)
        .execution_options(yield_per=1000)
    )
    for fan_id, name, email, vote in db.session.execute(query):
        question = questions[vote.question_id]
        choice = next((c.text for c in question.choices if c.id == vote.choice_id), "")
        yield fan_id, name, email or "", question.text, choice, _iso(vote.created_at)


def _iso(moment) -> str:
    return moment.isoformat(timespec="seconds") if moment else ""
