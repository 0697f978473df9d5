"""Capture: one raw analytics event per funnel step, with the visit's source and device.

Written by the caller's session without committing: the page view commits it at the
request's edge, the listeners (listeners.py) in their own short transaction after the
action's commit. Staff and the bench are marked here (`excluded`), never dropped, so the
figures can say how much they left out.
"""

import logging

from flask import current_app, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import exists, insert, select

from app import clock
from app.analytics import agents, visitors, visits
from app.extensions import db
from app.models import AnalyticsEvent, FanProfile, Membership

log = logging.getLogger(__name__)

EVENT = AnalyticsEvent.__table__
# Set by a deployment whose traffic is synthetic (the bench sets "bench"): all of it is held out.
EXCLUDE_SETTING = "ANALYTICS_EXCLUDE_TRAFFIC"
LOGIN_USER_KEY = "_user_id"


def capture(
    brand_id: int,
    step: str,
    *,
    campaign_id: int | None = None,
    fan_id: int | None = None,
    at=None,
) -> dict:
    """Append one event in the session's transaction; returns the row written."""
    at = at or clock.now()
    in_request = has_request_context()
    visit = visits.current_visit(brand_id) if in_request else {}
    if in_request:
        address = request.remote_addr or ""
        user_agent = request.user_agent.string or ""
    else:
        # A step recorded by a job: the fan stands in for the browser (still rotating daily).
        address, user_agent = f"fan:{fan_id}", ""
    device, browser = agents.describe(user_agent)
    row = {
        "brand_id": brand_id,
        "campaign_id": campaign_id,
        "step": step,
        "occurred_at": at,
        "hour": at.replace(minute=0, second=0, microsecond=0),
        "visitor": visitors.visitor_hash(at.date(), brand_id, address, user_agent),
        "fan_id": fan_id,
        "utm_source": visit.get("utm_source", ""),
        "utm_medium": visit.get("utm_medium", ""),
        "utm_campaign": visit.get("utm_campaign", ""),
        "referrer_host": visit.get("referrer_host", ""),
        "embed_origin": visit.get("embed_origin", ""),
        "share_code": visit.get("share_code", ""),
        "device": device,
        "browser": browser,
        "language": _language() if in_request else "",
        "excluded": _exclusion(brand_id, fan_id, in_request),
    }
    db.session.execute(insert(EVENT), row)
    return row


def _language() -> str:
    """The browser's first language, as its primary subtag ("fr" for fr-CA)."""
    best = next(iter(request.accept_languages.values()), "")
    return best.split("-")[0].split("_")[0].lower()[:16] if best != "*" else ""


def _exclusion(brand_id: int, fan_id: int | None, in_request: bool) -> str:
    if current_app.config.get(EXCLUDE_SETTING):
        return "bench"
    if in_request and _console_user_id() is not None:
        return "staff"
    if fan_id is not None and _fan_is_staff(brand_id, fan_id):
        return "staff"
    return ""


def _console_user_id():
    """The signed-in console user of this browser, if any: fan pages have their own cookie,
    so the console's is read here as the console would (a first-party page sends it)."""
    cookie = request.cookies.get(current_app.config.get("SESSION_COOKIE_NAME", "session"))
    if not cookie:
        return None
    serializer = SecureCookieSessionInterface().get_signing_serializer(current_app)
    try:
        data = serializer.loads(cookie) if serializer is not None else {}
    except Exception:  # a stale or foreign cookie is no console session
        return None
    return data.get(LOGIN_USER_KEY)


def _fan_is_staff(brand_id: int, fan_id: int) -> bool:
    member = exists().where(
        Membership.brand_id == brand_id, Membership.user_id == FanProfile.user_id
    )
    return bool(db.session.scalar(select(member).where(FanProfile.id == fan_id)))
