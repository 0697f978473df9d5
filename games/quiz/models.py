"""Quiz tables: questions, choices, outcomes and weights; attempts, answers, poll votes, shares.

Content (questions, choices, outcomes) is what staff edit. Play rows (attempts, answers,
votes) point at it, but an attempt scores against the snapshot it froze when it started,
so an edit made while fans are playing never changes an attempt already under way.
"""

from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models import Model
from app.models.base import UTCDateTime, utcnow

ENDINGS = ("completed", "sudden_death", "closed")
OPEN = text("finished_at IS NULL")


class QuizQuestion(Model):
    """One question of a quiz, shown on its own screen."""

    __tablename__ = "quiz_question"
    __table_args__ = (
        CheckConstraint(
            "time_limit_seconds IS NULL OR time_limit_seconds > 0", name="time_limit_positive"
        ),
        CheckConstraint("position >= 0", name="position_positive"),
        # Votes name (question, campaign) together, so a vote cannot cross quizzes.
        UniqueConstraint("id", "campaign_id"),
        Index("ix_quiz_question_campaign_position", "campaign_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    image_id: Mapped[int | None] = mapped_column(ForeignKey("media_file.id", ondelete="SET NULL"))
    video_url: Mapped[str | None] = mapped_column(String(500))
    explanation: Mapped[str] = mapped_column(Text, default="")
    time_limit_seconds: Mapped[int | None]
    # Trivia only: the fan picks every correct choice ("select all that apply").
    multiple: Mapped[bool] = mapped_column(default=False)
    # The same texts in the brand's other languages (app/campaigns/languages.py).
    translations: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    choices: Mapped[list["QuizChoice"]] = relationship(
        order_by="QuizChoice.position, QuizChoice.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class QuizChoice(Model):
    """A choice: correct or not (trivia), weighted towards outcomes (personality)."""

    __tablename__ = "quiz_choice"
    __table_args__ = (
        CheckConstraint("position >= 0", name="position_positive"),
        # Votes name (choice, question) together, so a vote cannot name another question's choice.
        UniqueConstraint("id", "question_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("quiz_question.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(500))
    correct: Mapped[bool] = mapped_column(default=False)
    # The same texts in the brand's other languages (app/campaigns/languages.py).
    translations: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")

    weights: Mapped[list["QuizChoiceWeight"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class QuizOutcome(Model):
    """A personality result: what a fan is told they are."""

    __tablename__ = "quiz_outcome"
    __table_args__ = (
        CheckConstraint("position >= 0", name="position_positive"),
        Index("ix_quiz_outcome_campaign_position", "campaign_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text, default="")
    image_id: Mapped[int | None] = mapped_column(ForeignKey("media_file.id", ondelete="SET NULL"))
    # The same texts in the brand's other languages (app/campaigns/languages.py).
    translations: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")


class QuizChoiceWeight(Model):
    """How much picking a choice counts towards one personality outcome."""

    __tablename__ = "quiz_choice_weight"
    __table_args__ = (CheckConstraint("weight BETWEEN -100 AND 100", name="weight_range"),)

    choice_id: Mapped[int] = mapped_column(
        ForeignKey("quiz_choice.id", ondelete="CASCADE"), primary_key=True
    )
    outcome_id: Mapped[int] = mapped_column(
        ForeignKey("quiz_outcome.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    weight: Mapped[int]


class QuizAttempt(Model):
    """One play of a trivia or personality quiz by one fan, scored against its frozen snapshot."""

    __tablename__ = "quiz_attempt"
    __table_args__ = (
        # Two starts racing for the same number: one wins, so attempt limits hold.
        UniqueConstraint("campaign_id", "fan_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("score >= 0 AND correct_count >= 0", name="score_positive"),
        CheckConstraint(f"ended_by IS NULL OR ended_by IN {ENDINGS!r}", name="ending_known"),
        CheckConstraint(
            "(finished_at IS NULL AND ended_by IS NULL) "
            "OR (finished_at IS NOT NULL AND ended_by IS NOT NULL)",
            name="ending_dated",
        ),
        CheckConstraint("finished_at IS NULL OR finished_at >= started_at", name="finish_order"),
        # A fan has at most one attempt in play per quiz; starting again resumes it.
        Index(
            "uq_quiz_attempt_open",
            "campaign_id",
            "fan_id",
            unique=True,
            sqlite_where=OPEN,
            postgresql_where=OPEN,
        ),
        Index("ix_quiz_attempt_campaign_score", "campaign_id", "score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    fan_id: Mapped[int] = mapped_column(
        ForeignKey("fan_profile.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_by: Mapped[str | None] = mapped_column(String(16))
    score: Mapped[int] = mapped_column(default=0)
    correct_count: Mapped[int] = mapped_column(default=0)
    outcome_id: Mapped[int | None] = mapped_column(
        ForeignKey("quiz_outcome.id", ondelete="SET NULL")
    )
    # What was served, in the order served, with the answers and rules of that moment.
    snapshot: Mapped[dict] = mapped_column(JSON)


class QuizAnswer(Model):
    """A question served in an attempt (the clock starts then) and, once given, its answer."""

    __tablename__ = "quiz_answer"
    __table_args__ = (
        UniqueConstraint("attempt_id", "question_id"),
        UniqueConstraint("attempt_id", "position"),
        CheckConstraint("position >= 0", name="position_positive"),
        CheckConstraint("points >= 0", name="points_positive"),
        CheckConstraint("answered_at IS NULL OR answered_at >= served_at", name="answer_order"),
        CheckConstraint("answered_at IS NOT NULL OR correct IS NULL", name="judged_once_answered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempt.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(
        ForeignKey("quiz_question.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    served_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The chosen choice ids; empty when the time ran out without an answer.
    choice_ids: Mapped[list] = mapped_column(JSON, default=list)
    correct: Mapped[bool | None]
    late: Mapped[bool] = mapped_column(default=False)
    points: Mapped[int] = mapped_column(default=0)


class QuizPollVote(Model):
    """A fan's one vote on one poll question."""

    __tablename__ = "quiz_poll_vote"
    __table_args__ = (
        UniqueConstraint("question_id", "fan_id"),
        ForeignKeyConstraint(
            ["question_id", "campaign_id"],
            ["quiz_question.id", "quiz_question.campaign_id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["choice_id", "question_id"],
            ["quiz_choice.id", "quiz_choice.question_id"],
            ondelete="CASCADE",
        ),
        Index("ix_quiz_poll_vote_question_choice", "question_id", "choice_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    question_id: Mapped[int]
    choice_id: Mapped[int]
    fan_id: Mapped[int] = mapped_column(
        ForeignKey("fan_profile.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class QuizShare(Model):
    """A fan's shared result: the public token of its share page."""

    __tablename__ = "quiz_share"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("quiz_attempt.id", ondelete="CASCADE"), unique=True
    )
    fan_id: Mapped[int] = mapped_column(
        ForeignKey("fan_profile.id", ondelete="CASCADE"), index=True
    )
    token: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
