"""Playing a trivia or personality quiz: start, serve, answer, time out, finish.

The server is the only judge: it serves one question at a time and starts its clock then,
checks each answer against the attempt's frozen snapshot, and only after an answer tells
the fan whether it was right. Every function flushes and never commits.
"""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from app.campaigns.refusals import Refused
from app.engagement import record
from app.extensions import db
from app.models import Campaign, FanProfile
from games.quiz import errors, scoring, settings, sharing, snapshot
from games.quiz.attempts import check_open, event_ref, new_attempt, open_attempt
from games.quiz.models import QuizAnswer, QuizAttempt
from games.quiz.quiz_types import quiz_type
from games.quiz.right_share import RightShare, right_share


@dataclass(frozen=True)
class Judged:
    """What the fan learns once they have answered."""

    attempt: QuizAttempt
    answer: QuizAnswer
    question: dict
    finished: bool
    # Trivia with the setting on: the share of other players who got it right (right_share.py).
    right_share: RightShare | None = None


def start(
    campaign: Campaign, fan: FanProfile, *, now: datetime, referral_code: str | None = None
) -> QuizAttempt:
    """Begin an attempt (or resume the one in play) and serve its first unanswered question."""
    check_open(campaign, now)
    if quiz_type(campaign) == "poll":
        raise Refused(
            _("A poll has no game to start: vote on its questions."), code="poll", status=409
        )
    attempt = open_attempt(campaign, fan)
    if attempt is None:
        attempt = new_attempt(campaign, fan, now)
        record(
            fan,
            "quiz_started",
            campaign=campaign,
            ref=event_ref(attempt),
            key=f"quiz:{attempt.id}:started",
            at=now,
        )
        if referral_code and attempt.number == 1:
            sharing.credit_sharer(campaign, fan, referral_code, now=now)
    serve(attempt, now=now)
    return attempt


def served(attempt: QuizAttempt) -> QuizAnswer | None:
    """The question served and not yet answered, if any."""
    return db.session.scalar(
        select(QuizAnswer).where(
            QuizAnswer.attempt_id == attempt.id, QuizAnswer.answered_at.is_(None)
        )
    )


def answered_count(attempt: QuizAttempt) -> int:
    return db.session.scalar(
        select(func.count()).where(
            QuizAnswer.attempt_id == attempt.id, QuizAnswer.answered_at.is_not(None)
        )
    )


def serve(attempt: QuizAttempt, *, now: datetime) -> QuizAnswer | None:
    """The question the fan must answer now, serving the next one (and starting its clock)."""
    current = served(attempt)
    if current is not None or attempt.finished_at is not None:
        return current
    position = answered_count(attempt)
    questions = attempt.snapshot["questions"]
    if position >= len(questions):
        return None
    row = QuizAnswer(
        attempt_id=attempt.id,
        question_id=questions[position]["id"],
        position=position,
        served_at=now,
        choice_ids=[],
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        # A second request served the same question at the same moment: the clock is theirs.
        return served(attempt)
    return row


def next_question(campaign: Campaign, fan: FanProfile, *, now: datetime) -> QuizAnswer | None:
    """Serve the next question of the fan's attempt in play."""
    check_open(campaign, now)
    attempt = _attempt_in_play(campaign, fan)
    return serve(attempt, now=now)


def _attempt_in_play(campaign: Campaign, fan: FanProfile) -> QuizAttempt:
    attempt = open_attempt(campaign, fan)
    if attempt is None:
        raise Refused(
            _("You have no game in progress; start the quiz first."), code="no_attempt", status=409
        )
    return attempt


def _served_row(attempt: QuizAttempt, question_id) -> tuple[QuizAnswer, dict]:
    """The served, unanswered row for this question, or the refusal that explains why not."""
    question = snapshot.find(attempt.snapshot, question_id)
    if question is None:
        raise Refused(
            _("This question is not part of your game."), code="unknown_question", status=409
        )
    row = db.session.scalar(
        select(QuizAnswer).where(
            QuizAnswer.attempt_id == attempt.id, QuizAnswer.question_id == question["id"]
        )
    )
    if row is None:
        raise Refused(
            _("This question has not been shown to you yet; answer the current one first."),
            code="not_served",
            status=409,
        )
    if row.answered_at is not None:
        raise Refused(_("You have already answered this question."), code="replay", status=409)
    return row, question


def answer(
    campaign: Campaign, fan: FanProfile, question_id, choice_ids, *, now: datetime
) -> Judged:
    """Judge the fan's answer to the question in play; a late answer is kept but scores nothing."""
    check_open(campaign, now)
    attempt = _attempt_in_play(campaign, fan)
    if not isinstance(question_id, int) or isinstance(question_id, bool):
        raise errors.malformed(_("Say which question you are answering (its number)."))
    row, question = _served_row(attempt, question_id)
    chosen = _checked_choices(attempt.snapshot, question, choice_ids)
    late = scoring.is_late(question, row.served_at, now)
    return _settle(campaign, fan, attempt, row, question, chosen, late=late, now=now)


def time_out(campaign: Campaign, fan: FanProfile, question_id, *, now: datetime) -> Judged:
    """Close a question whose time is up without an answer (the fan's screen ran out)."""
    check_open(campaign, now)
    attempt = _attempt_in_play(campaign, fan)
    row, question = _served_row(attempt, question_id)
    if not scoring.is_late(question, row.served_at, now):
        raise Refused(
            _("There is still time to answer this question."), code="not_late", status=409
        )
    return _settle(campaign, fan, attempt, row, question, [], late=True, now=now)


def _checked_choices(frozen: dict, question: dict, choice_ids) -> list[int]:
    if not isinstance(choice_ids, list) or not choice_ids:
        raise errors.malformed(_("Pick a choice before answering."))
    if not all(isinstance(c, int) and not isinstance(c, bool) for c in choice_ids):
        raise errors.malformed(_("Choices are given by their numbers."))
    if len(set(choice_ids)) != len(choice_ids):
        raise errors.malformed(_("The same choice was sent twice."))
    own = {c["id"] for c in question["choices"]}
    for choice_id in choice_ids:
        if choice_id not in own:
            elsewhere = any(
                choice_id in {c["id"] for c in q["choices"]} for q in frozen["questions"]
            )
            where = _("another question") if elsewhere else _("another quiz, or none")
            raise errors.malformed(
                _(
                    "Choice %(choice)s belongs to %(where)s, not this question.",
                    choice=choice_id,
                    where=where,
                )
            )
    if len(choice_ids) > 1 and not question["multiple"]:
        raise errors.malformed(_("This question takes one choice only."))
    return choice_ids


def _settle(campaign, fan, attempt, row, question, chosen, *, late: bool, now) -> Judged:
    kind = quiz_type(campaign)
    rules = snapshot.rules(attempt.snapshot)
    correct = None
    earned = 0
    if kind == "trivia":
        correct = scoring.judge(question, chosen) and not late
        earned = scoring.points(question, rules, correct, scoring.elapsed(row.served_at, now))
    # Claim the row only if it is still unanswered: of two identical requests, one wins.
    claimed = db.session.execute(
        update(QuizAnswer)
        .where(QuizAnswer.id == row.id, QuizAnswer.answered_at.is_(None))
        .values(answered_at=now, choice_ids=chosen, correct=correct, late=late, points=earned)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise Refused(_("You have already answered this question."), code="replay", status=409)
    db.session.refresh(row)
    attempt.score += earned
    if correct:
        attempt.correct_count += 1
        _credit_correct(campaign, fan, attempt, now)
    last = row.position + 1 >= len(attempt.snapshot["questions"])
    if kind == "trivia" and rules.sudden_death and not correct:
        _finish(campaign, fan, attempt, "sudden_death", now)
    elif last:
        _finish(campaign, fan, attempt, "completed", now)
    share = None
    if kind == "trivia" and settings.read(campaign.settings).show_right_share:
        share = right_share(campaign.id, row.question_id, fan.id)
    return Judged(attempt, row, question, attempt.finished_at is not None, share)


def _credit_correct(campaign, fan, attempt, now) -> None:
    """Points for correct answers follow the fan's best attempt, not the sum of all attempts.

    The n-th correct answer of any attempt has one idempotency key per fan, so a replay pays
    only for correct answers beyond the fan's previous best.
    """
    record(
        fan,
        "answer_correct",
        campaign=campaign,
        ref=event_ref(attempt),
        key=f"quiz:{campaign.id}:{fan.id}:correct:{attempt.correct_count}",
        at=now,
    )


def _finish(campaign, fan, attempt, ended_by: str, now) -> None:
    attempt.finished_at = now
    attempt.ended_by = ended_by
    if quiz_type(campaign) == "personality":
        chosen = db.session.scalars(
            select(QuizAnswer.choice_ids)
            .where(QuizAnswer.attempt_id == attempt.id)
            .order_by(QuizAnswer.position)
        )
        attempt.outcome_id = scoring.outcome(attempt.snapshot, list(chosen), seed=attempt.id)
    db.session.flush()
    record(
        fan,
        "quiz_completed",
        campaign=campaign,
        ref=event_ref(attempt),
        key=f"quiz:{attempt.id}:completed",
        at=now,
    )
    perfect = attempt.correct_count == len(attempt.snapshot["questions"])
    if quiz_type(campaign) == "trivia" and ended_by == "completed" and perfect:
        record(
            fan,
            "perfect_score",
            campaign=campaign,
            ref=event_ref(attempt),
            key=f"quiz:{campaign.id}:{fan.id}:perfect",
            at=now,
        )
