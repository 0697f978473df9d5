"""Flagging and clearing a fan, each logged with who and why; boards follow after commit."""

from blinker import Namespace
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import update

from app.campaigns.refusals import Problem, Refused
from app.engagement import healing
from app.extensions import db
from app.fraud import risk
from app.models import FanProfile, FraudDecision, FraudSignal, User, utcnow

AUTOMATIC = "automatic"

# Sent inside the transaction, once the fan's flag has changed and been flushed, with the
# sender the app and the keyword `fan`. Kinds keep derived figures (an entry's vote count)
# that must follow the flag, and they change them here so both commit together.
flag_changed = Namespace().signal("fan-flag-changed")


def flag(fan: FanProfile, by: User | None, reason: str) -> FanProfile:
    """Hold the fan out of boards, winners and exports; by None is the automatic rule. Flushes."""
    reason = _required(reason)
    fan = risk.lock(fan)
    if fan.fraud_flagged:
        raise Refused(_("This fan is already flagged."), code="flagged", status=409)
    fan.fraud_flagged = True
    _log(fan, "flagged", by, reason)
    flag_changed.send(current_app._get_current_object(), fan=fan)
    _rebuild_boards_after_commit(fan.brand_id)
    return fan


def clear(fan: FanProfile, by: User, reason: str) -> FanProfile:
    """Set the fan's signals aside and lift the flag: their points count again. Flushes."""
    reason = _required(reason)
    fan = risk.lock(fan)
    if not fan.fraud_flagged and fan.fraud_risk == 0:
        raise Refused(_("This fan has nothing to clear."), code="clear", status=409)
    db.session.execute(
        update(FraudSignal)
        .where(FraudSignal.fan_id == fan.id, FraudSignal.cleared_at.is_(None))
        .values(cleared_at=utcnow(), cleared_by_id=by.id)
        .execution_options(synchronize_session=False)
    )
    _log(fan, "cleared", by, reason)
    if fan.fraud_flagged:
        fan.fraud_flagged = False
        db.session.flush()
        flag_changed.send(current_app._get_current_object(), fan=fan)
        _rebuild_boards_after_commit(fan.brand_id)
    risk.refresh(fan)
    db.session.flush()
    return fan


def _required(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise Refused(Problem(_("Please give a reason: it is kept with the decision."), "reason"))
    return reason[:2000]


def _log(fan: FanProfile, action: str, by: User | None, reason: str) -> None:
    db.session.add(
        FraudDecision(
            brand_id=fan.brand_id,
            fan_id=fan.id,
            action=action,
            decided_by_id=by.id if by is not None else None,
            actor=(by.email or by.display_name) if by is not None else AUTOMATIC,
            reason=reason,
            risk=fan.fraud_risk,
        )
    )
    db.session.flush()


def _rebuild_boards_after_commit(brand_id: int) -> None:
    """Redis boards hold points, not flags: rebuild them so the fan leaves or comes back.

    Marked stale in this transaction, rebuilt after it: one rebuild for every flag of the
    brand within a short window (app.engagement.healing). The SQL boards read the flag with
    every query, so without Redis there is nothing to do.
    """
    healing.rebuild_after_commit(brand_id)
