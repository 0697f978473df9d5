"""Sharing a result: a public token per shared attempt, and credit to the sharer for friends.

A share link names the result by an unguessable token and the sharer by their referral code.
A friend who arrives through it and then plays for the first time earns the sharer one
influence event; its idempotency key names the friend, so each friend counts once.
"""

import secrets
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.campaigns.refusals import Refused
from app.engagement import record
from app.extensions import db
from app.models import Campaign, FanProfile
from games.quiz.models import QuizAttempt, QuizShare


def share(campaign: Campaign, fan: FanProfile, attempt_id) -> QuizShare:
    """The share of one of the fan's finished attempts, made on first request."""
    if not isinstance(attempt_id, int) or isinstance(attempt_id, bool):
        raise Refused(_("Say which result to share."), code="malformed", status=400)
    attempt = db.session.scalar(
        select(QuizAttempt).where(
            QuizAttempt.id == attempt_id,
            QuizAttempt.campaign_id == campaign.id,
            QuizAttempt.fan_id == fan.id,
            QuizAttempt.finished_at.is_not(None),
        )
    )
    if attempt is None:
        raise Refused(
            _("Only a finished game of yours can be shared."), code="no_result", status=404
        )
    existing = _for_attempt(attempt.id)
    if existing is not None:
        return existing
    row = QuizShare(
        campaign_id=campaign.id,
        attempt_id=attempt.id,
        fan_id=fan.id,
        token=secrets.token_urlsafe(16)[:22],
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        # The same result shared twice at once: both get the one share.
        return _for_attempt(attempt.id)
    return row


def _for_attempt(attempt_id: int) -> QuizShare | None:
    return db.session.scalar(select(QuizShare).where(QuizShare.attempt_id == attempt_id))


def find(campaign: Campaign, token: str) -> QuizShare | None:
    return db.session.scalar(
        select(QuizShare).where(QuizShare.campaign_id == campaign.id, QuizShare.token == token)
    )


def credit_sharer(campaign: Campaign, friend: FanProfile, code: str, *, now: datetime):
    """Credit the fan whose share brought this friend here; None when nobody qualifies."""
    sharer = db.session.scalar(
        select(FanProfile).where(
            FanProfile.referral_code == code, FanProfile.brand_id == campaign.brand_id
        )
    )
    if sharer is None or sharer.id == friend.id:
        return None
    shared = db.session.scalar(
        select(QuizShare.id).where(
            QuizShare.campaign_id == campaign.id, QuizShare.fan_id == sharer.id
        )
    )
    # Only a fan who shared this quiz is credited for it, not anyone whose code is typed in.
    if shared is None:
        return None
    return record(
        sharer,
        "quiz_shared",
        campaign=campaign,
        ref=f"fan:{friend.id}",
        key=f"quiz-share:{campaign.id}:{friend.id}",
        at=now,
    )
