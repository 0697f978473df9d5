"""Polls: one vote per fan per question (a unique constraint), counts shown once the fan voted."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.campaigns.refusals import Refused
from app.engagement import record
from app.extensions import db
from app.models import Campaign, FanProfile
from games.quiz import content, errors
from games.quiz.attempts import check_open
from games.quiz.models import QuizPollVote, QuizQuestion
from games.quiz.quiz_types import quiz_type


@dataclass(frozen=True)
class PollQuestion:
    """A poll question as a fan sees it: counts only once they have voted on it."""

    question: QuizQuestion
    voted_choice_id: int | None
    counts: dict[int, int] | None

    @property
    def total(self) -> int:
        return sum(self.counts.values()) if self.counts else 0


def counts(question: QuizQuestion) -> dict[int, int]:
    """Votes per choice of the question, every choice listed (zero included)."""
    found = dict(
        db.session.execute(
            select(QuizPollVote.choice_id, func.count())
            .where(QuizPollVote.question_id == question.id)
            .group_by(QuizPollVote.choice_id)
        ).all()
    )
    return {choice.id: found.get(choice.id, 0) for choice in question.choices}


def view(campaign: Campaign, fan: FanProfile | None) -> list[PollQuestion]:
    """Every question of the poll, with the fan's vote and the counts where they voted."""
    votes = {}
    if fan is not None:
        votes = dict(
            db.session.execute(
                select(QuizPollVote.question_id, QuizPollVote.choice_id).where(
                    QuizPollVote.campaign_id == campaign.id, QuizPollVote.fan_id == fan.id
                )
            ).all()
        )
    return [
        PollQuestion(q, votes.get(q.id), counts(q) if q.id in votes else None)
        for q in content.questions(campaign.id)
    ]


def vote(
    campaign: Campaign, fan: FanProfile, question_id, choice_id, *, now: datetime
) -> PollQuestion:
    """Cast the fan's one vote on a question; a second vote is refused, never counted."""
    check_open(campaign, now)
    if quiz_type(campaign) != "poll":
        raise Refused(_("This quiz is played, not voted on."), code="not_poll", status=400)
    question = content.question(campaign.id, question_id)
    if question is None:
        raise errors.malformed(_("This question is not part of this poll."))
    if not isinstance(choice_id, int) or isinstance(choice_id, bool):
        raise errors.malformed(_("Pick one choice before voting."))
    if choice_id not in {choice.id for choice in question.choices}:
        raise errors.malformed(
            _("Choice %(choice)s is not one of this question's choices.", choice=choice_id)
        )
    try:
        with db.session.begin_nested():
            db.session.add(
                QuizPollVote(
                    campaign_id=campaign.id,
                    question_id=question.id,
                    choice_id=choice_id,
                    fan_id=fan.id,
                    created_at=now,
                )
            )
    except IntegrityError:
        raise Refused(
            _("You have already voted on this question."), code="replay", status=409
        ) from None
    record(
        fan,
        "poll_voted",
        campaign=campaign,
        ref=f"quiz-poll:{question.id}",
        key=f"quiz-poll:{question.id}:{fan.id}",
        at=now,
    )
    return PollQuestion(question, choice_id, counts(question))
