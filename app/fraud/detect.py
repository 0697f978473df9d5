"""The four detectors: disposable email domains, many new fans from one IP or device, vote
bursts from new fans, and campaign entries from fans already flagged in the brand."""

import hashlib
import hmac
import ipaddress
import logging
from datetime import timedelta
from functools import partial

from disposable_email_domains import blocklist
from flask import current_app, request
from sqlalchemy import func, select

from app import clock, jobs
from app.conflicts import retrying
from app.engagement.record import RecordedEvent
from app.engagement.types import event_type, event_types_with
from app.extensions import db
from app.fraud.signals import note
from app.identity.fan_session import device_id
from app.models import Campaign, EngagementEvent, FanProfile, FraudSignal

log = logging.getLogger(__name__)

# -- 1. disposable email ---------------------------------------------------------------------


def disposable_domain(email: str | None) -> str | None:
    """The listed disposable domain the address belongs to (subdomains included), if any."""
    if not email or "@" not in email:
        return None
    labels = email.rsplit("@", 1)[1].lower().split(".")
    for start in range(len(labels) - 1):
        domain = ".".join(labels[start:])
        if domain in blocklist:
            return domain
    return None


def on_fan_signed_in(app, profile: FanProfile) -> None:
    """Listener on app.identity's fan_signed_in, in the sign-in's transaction."""
    check_email(profile)


def check_email(fan: FanProfile | None) -> None:
    """After a sign-in: a fan whose address is at a disposable email domain gets a signal."""
    if fan is None:
        return
    domain = disposable_domain(fan.user.email)
    if domain is not None:
        note(fan, "disposable_email", f"domain:{domain}", f"Signed in with an address at {domain}.")


# -- 2. many new fans from one IP or device -------------------------------------------------


def client_ip() -> str | None:
    """The client's address as the app sees it; None for addresses that stand for many."""
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return None
    for network in current_app.config["FRAUD_IGNORED_NETWORKS"]:
        if address in ipaddress.ip_network(network):
            return None
    return str(address)


def network_key() -> str:
    """The client's network (its IPv4 /24, its IPv6 /64) as a keyed hash: a key to count by
    that keeps no address. Unlike client_ip(), a proxy's address is kept: behind one, every
    client shares a network, so limits by network only tighten."""
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        network = "unknown"
    else:
        if address.version == 6 and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        prefix = 24 if address.version == 4 else 64
        network = str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))
    secret = current_app.secret_key
    secret = secret.encode() if isinstance(secret, str) else secret
    digest = hmac.new(secret, f"network:{network}".encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def on_fan_joined(app, profile: FanProfile) -> None:
    """Listener on app.identity's fan_joined, in the savepoint that adds the profile."""
    new_fan(profile)


def new_fan(fan: FanProfile) -> None:
    """Note where a new profile comes from (flushing it); a crowd from one source is signalled."""
    fan.created_ip, fan.device_id = client_ip(), device_id()
    db.session.flush()
    config = current_app.config
    if fan.created_ip is not None:
        _crowd(
            fan,
            FanProfile.created_ip,
            "shared_ip",
            f"ip:{fan.created_ip}",
            f"IP {fan.created_ip}",
            config["FRAUD_SAME_IP_FANS"],
            config["FRAUD_SAME_IP_MINUTES"],
        )
    _crowd(
        fan,
        FanProfile.device_id,
        "shared_device",
        f"device:{fan.device_id}",
        f"one browser ({fan.device_id[:8]})",
        config["FRAUD_SAME_DEVICE_FANS"],
        config["FRAUD_SAME_DEVICE_MINUTES"],
    )


def _crowd(fan, column, kind: str, ref: str, source: str, limit: int, minutes: int) -> None:
    value = getattr(fan, column.key)
    crowd = select(FanProfile.id).where(
        FanProfile.brand_id == fan.brand_id,
        column == value,
        FanProfile.joined_at >= clock.now() - timedelta(minutes=minutes),
    )
    size = db.session.scalar(select(func.count()).select_from(crowd.subquery()))
    if size < limit:
        return
    # Only those not signalled yet: the crowd's earlier members were when it reached limit.
    detail = f"{size} new fans from {source} within {minutes} minutes."
    # In id order, as every fan-row lock is taken, so two new fans cannot deadlock.
    for fan_id in db.session.scalars(crowd.where(~_signalled(kind, ref)).order_by(FanProfile.id)):
        note(db.session.get(FanProfile, fan_id), kind, ref, detail)


def _signalled(kind: str, ref: str):
    return (
        select(FraudSignal.id)
        .where(FraudSignal.fan_id == FanProfile.id, FraudSignal.kind == kind)
        .where(FraudSignal.ref == ref)
        .exists()
    )


# -- 3 and 4: after votes and entries ---------------------------------------------------------


def on_event_recorded(app, event) -> None:
    """Listener on event_recorded (after the action's commit): its own transaction.

    A check PostgreSQL aborts for a conflict runs again; one that still fails is queued as
    a job (with the job's retries), so its signals are never lost to a bad moment.
    """
    traits = event_type(event.type).traits
    if not traits & {"vote", "entry"}:
        return
    try:
        retrying(partial(_check, event))
    except Exception:
        # The fan's action is already committed; a failed check must not surface.
        db.session.rollback()
        log.exception("fraud checks failed for fan %s after event %s", event.fan_id, event.id)
        jobs.enqueue(check_job, event.id)
        db.session.commit()


def _check(event) -> None:
    if "vote" in event_type(event.type).traits:
        vote_burst(event)
    else:
        flagged_entry(event)
    db.session.commit()


def check_job(event_id: int) -> None:
    """RQ entry point: the checks of one recorded event, again (signals are noted once)."""
    recorded = RecordedEvent.load(event_id)
    if recorded is not None:
        _check(recorded)


def vote_burst(event) -> None:
    """Many votes for one entry in a short window from new fans: a signal on each voter."""
    config = current_app.config
    young_since = event.created_at - timedelta(hours=config["FRAUD_NEW_FAN_HOURS"])
    voter = db.session.get(FanProfile, event.fan_id)
    # Established fans' votes start no check: the query below runs only for new fans.
    if voter is None or voter.joined_at < young_since:
        return
    ref = db.session.scalar(select(EngagementEvent.ref).where(EngagementEvent.id == event.id))
    if not ref:
        return
    minutes = config["FRAUD_BURST_MINUTES"]
    voters = (
        select(EngagementEvent.fan_id)
        .join(FanProfile, FanProfile.id == EngagementEvent.fan_id)
        .where(
            EngagementEvent.brand_id == event.brand_id,
            EngagementEvent.created_at >= event.created_at - timedelta(minutes=minutes),
            EngagementEvent.type.in_(event_types_with("vote")),
            EngagementEvent.ref == ref,
            FanProfile.joined_at >= young_since,
        )
        .distinct()
    )
    young_voters = list(db.session.scalars(voters))
    if len(young_voters) < config["FRAUD_BURST_VOTES"]:
        return
    signal_ref = f"votes:{ref}"
    detail = (
        f"One of {len(young_voters)} votes for {ref} within {minutes} minutes "
        f"from fans younger than {config['FRAUD_NEW_FAN_HOURS']} hours."
    )
    for fan_id in db.session.scalars(
        select(FanProfile.id)
        .where(FanProfile.id.in_(young_voters), ~_signalled("vote_burst", signal_ref))
        .order_by(FanProfile.id)
    ):
        note(db.session.get(FanProfile, fan_id), "vote_burst", signal_ref, detail)


def flagged_entry(event) -> None:
    """A fan flagged in the brand enters a campaign: a signal naming it."""
    fan = db.session.get(FanProfile, event.fan_id)
    if fan is None or not fan.fraud_flagged or event.campaign_id is None:
        return
    campaign = db.session.get(Campaign, event.campaign_id)
    note(
        fan,
        "flagged_entry",
        f"campaign:{campaign.id}",
        f'Entered "{campaign.title}" while flagged.',
    )
