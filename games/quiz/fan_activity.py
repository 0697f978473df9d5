"""A fan's quiz plays and poll votes, for the console's fan page (CampaignKind.fan_activity)."""

from flask_babel import gettext as _
from sqlalchemy import select

from app.campaigns import ActivitySection
from app.extensions import db
from app.models import Campaign
from games.quiz.models import QuizAttempt, QuizChoice, QuizOutcome, QuizPollVote, QuizQuestion

LIMIT = 200


def attempts(fan, kind_key: str, *, personality: bool) -> list[ActivitySection]:
    """The fan's attempts at this kind's quizzes, newest first."""
    rows = db.session.execute(
        select(Campaign.title, QuizAttempt, QuizOutcome.title)
        .join(QuizAttempt, QuizAttempt.campaign_id == Campaign.id)
        .outerjoin(QuizOutcome, QuizOutcome.id == QuizAttempt.outcome_id)
        .where(QuizAttempt.fan_id == fan.id, Campaign.kind == kind_key)
        .order_by(QuizAttempt.started_at.desc(), QuizAttempt.id.desc())
        .limit(LIMIT)
    ).all()
    if not rows:
        return []
    if personality:
        columns = (_("Quiz"), _("Attempt"), _("Started"), _("Result"))
        made = [
            (title, attempt.number, attempt.started_at, outcome or _("Not finished"))
            for title, attempt, outcome in rows
        ]
        return [ActivitySection(_("Personality quizzes"), columns, made)]
    columns = (_("Quiz"), _("Attempt"), _("Started"), _("Score"), _("Right answers"))
    made = [
        (
            title,
            attempt.number,
            attempt.started_at,
            attempt.score if attempt.finished_at else _("Not finished"),
            attempt.correct_count,
        )
        for title, attempt, _outcome in rows
    ]
    return [ActivitySection(_("Trivia quizzes"), columns, made)]


def poll_votes(fan, kind_key: str) -> list[ActivitySection]:
    """The fan's poll votes: which answer to which question."""
    rows = db.session.execute(
        select(Campaign.title, QuizQuestion.text, QuizChoice.text, QuizPollVote.created_at)
        .join(QuizPollVote, QuizPollVote.campaign_id == Campaign.id)
        .join(QuizQuestion, QuizQuestion.id == QuizPollVote.question_id)
        .join(QuizChoice, QuizChoice.id == QuizPollVote.choice_id)
        .where(QuizPollVote.fan_id == fan.id, Campaign.kind == kind_key)
        .order_by(QuizPollVote.created_at.desc(), QuizPollVote.id.desc())
        .limit(LIMIT)
    ).all()
    if not rows:
        return []
    columns = (_("Poll"), _("Question"), _("Response"), _("When"))
    return [ActivitySection(_("Poll votes"), columns, [tuple(row) for row in rows])]
