"""A fan's attempts at a quiz: whether play is open, starting within the limits, the result.

Every function flushes and never commits.
"""

import random
import secrets
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.campaigns.refusals import Refused
from app.engagement import boards, leaderboards
from app.engagement.boards import Standing
from app.engagement.scoring import local_day
from app.extensions import db
from app.models import Campaign, CampaignParticipation, EngagementEvent, FanProfile
from games.quiz import errors, settings, snapshot
from games.quiz.models import QuizAttempt


@dataclass(frozen=True)
class Result:
    """An attempt's result, the fan's best, and where the fan now stands."""

    attempt: QuizAttempt
    best: QuizAttempt | None
    outcome: dict | None
    question_count: int
    attempt_points: int
    campaign_points: int
    campaign_rank: Standing | None
    brand_rank: Standing | None


def check_open(campaign: Campaign, now: datetime) -> None:
    """Refuse play unless the campaign is live and inside its dates."""
    if campaign.ends_at is not None and now >= campaign.ends_at:
        raise errors.ended()
    if campaign.status != "live" or (campaign.starts_at is not None and now < campaign.starts_at):
        raise errors.not_live()


def event_ref(attempt: QuizAttempt) -> str:
    """The ref on every event of one attempt, so its points can be summed."""
    return f"quiz-attempt:{attempt.id}"


def open_attempt(campaign: Campaign, fan: FanProfile) -> QuizAttempt | None:
    return db.session.scalar(
        select(QuizAttempt).where(
            QuizAttempt.campaign_id == campaign.id,
            QuizAttempt.fan_id == fan.id,
            QuizAttempt.finished_at.is_(None),
        )
    )


def new_attempt(campaign: Campaign, fan: FanProfile, now: datetime) -> QuizAttempt:
    rules = settings.read(campaign.settings)
    _check_limit(campaign, fan, rules, now)
    previous = db.session.scalar(
        select(func.max(QuizAttempt.number)).where(
            QuizAttempt.campaign_id == campaign.id, QuizAttempt.fan_id == fan.id
        )
    )
    # Each attempt draws its own order; the snapshot keeps it for every later request.
    frozen = snapshot.freeze(campaign.id, rules, random.Random(secrets.randbits(64)))
    if not frozen["questions"]:
        raise Refused(_("This quiz has no questions yet."), code="empty", status=409)
    attempt = QuizAttempt(
        campaign_id=campaign.id,
        fan_id=fan.id,
        number=(previous or 0) + 1,
        started_at=now,
        snapshot=frozen,
    )
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
    except IntegrityError:
        # Another request of this fan started an attempt at the same moment.
        raise Refused(
            _("Your game is already starting in another window; reload the page."),
            code="conflict",
            status=409,
        ) from None
    return attempt


def _check_limit(campaign: Campaign, fan: FanProfile, rules, now: datetime) -> None:
    played, last = db.session.execute(
        select(func.count(), func.max(QuizAttempt.started_at)).where(
            QuizAttempt.campaign_id == campaign.id, QuizAttempt.fan_id == fan.id
        )
    ).one()
    if rules.attempts == "once" and played:
        raise Refused(_("You have already played this quiz."), code="limit", status=403)
    if rules.attempts == "count" and played >= rules.max_attempts:
        raise Refused(
            ngettext(
                "You have used your only attempt at this quiz.",
                "You have used all %(num)d of your attempts at this quiz.",
                rules.max_attempts,
            ),
            code="limit",
            status=403,
        )
    if rules.attempts == "daily" and last is not None:
        brand = campaign.brand
        if local_day(last, brand) == local_day(now, brand):
            raise Refused(
                _("You have played today; come back tomorrow for another go."),
                code="limit",
                status=403,
            )


def close_open_attempts(campaign: Campaign, *, now: datetime) -> int:
    """At the campaign's end: attempts left in play are finished as they stand."""
    attempts = db.session.scalars(
        select(QuizAttempt).where(
            QuizAttempt.campaign_id == campaign.id, QuizAttempt.finished_at.is_(None)
        )
    ).all()
    for attempt in attempts:
        attempt.finished_at = max(now, attempt.started_at)
        attempt.ended_by = "closed"
    db.session.flush()
    return len(attempts)


def best_attempt(campaign: Campaign, fan: FanProfile) -> QuizAttempt | None:
    """The fan's attempt that counts: highest score, then the earliest to reach it."""
    return db.session.scalar(
        select(QuizAttempt)
        .where(
            QuizAttempt.campaign_id == campaign.id,
            QuizAttempt.fan_id == fan.id,
            QuizAttempt.finished_at.is_not(None),
        )
        .order_by(QuizAttempt.score.desc(), QuizAttempt.finished_at, QuizAttempt.id)
        .limit(1)
    )


def result(campaign: Campaign, fan: FanProfile, attempt_id=None) -> Result:
    """The result of one finished attempt of this fan (by default their latest)."""
    query = select(QuizAttempt).where(
        QuizAttempt.campaign_id == campaign.id,
        QuizAttempt.fan_id == fan.id,
        QuizAttempt.finished_at.is_not(None),
    )
    if attempt_id is not None:
        query = query.where(QuizAttempt.id == attempt_id)
    attempt = db.session.scalar(query.order_by(QuizAttempt.finished_at.desc()).limit(1))
    if attempt is None:
        raise Refused(_("There is no finished game to show yet."), code="no_result", status=404)
    outcome = next((o for o in attempt.snapshot["outcomes"] if o["id"] == attempt.outcome_id), None)
    attempt_points = db.session.scalar(
        select(func.coalesce(func.sum(EngagementEvent.points), 0)).where(
            EngagementEvent.fan_id == fan.id, EngagementEvent.ref == event_ref(attempt)
        )
    )
    participation = db.session.get(CampaignParticipation, (campaign.id, fan.id))
    return Result(
        attempt=attempt,
        best=best_attempt(campaign, fan),
        outcome=outcome,
        question_count=len(attempt.snapshot["questions"]),
        attempt_points=attempt_points,
        campaign_points=participation.points if participation else 0,
        campaign_rank=leaderboards.standing(boards.campaign(campaign), fan.id),
        brand_rank=leaderboards.standing(boards.all_time(campaign.brand), fan.id),
    )
