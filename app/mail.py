"""Outgoing email: sent after commit by a job; the embedded default writes instance/outbox/."""

import logging
import uuid
from email import policy
from email.message import EmailMessage
from pathlib import Path

from email_validator import EmailNotValidError, validate_email
from flask import current_app

from app import jobs
from app.models import utcnow

log = logging.getLogger(__name__)


def valid_address(value: str | None) -> str | None:
    """The address, trimmed and lowercased, if it is one a message can be sent to; else None.

    Syntax only (RFC 5321/5322 as email-validator reads them): no DNS lookup while a
    request waits. A "/" or "+" before the @ is fine; spaces, a missing dot in the
    domain or two dots in a row are not. Names under .test (RFC 6761) are accepted: the
    demo and local trials use them.
    """
    email = (value or "").strip().lower()
    if not email or len(email) > 320:
        return None
    try:
        validate_email(email, check_deliverability=False, test_environment=True)
    except EmailNotValidError:
        return None
    return email


def send_email(to: str, subject: str, body: str) -> None:
    """Send a plain-text message once the current transaction commits.

    The job queue delivers it (retried with back-off on RQ), so a failing mail server
    never turns an action already committed into an error page. Call it before the commit.
    """
    jobs.enqueue(deliver, to, subject, body)


def deliver(to: str, subject: str, body: str) -> Path:
    """The job: write the message to the outbox and the log; raises so the queue retries."""
    message = EmailMessage()
    message["From"] = current_app.config.get("MAIL_FROM", "Superfan <no-reply@superfan.local>")
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    outbox = Path(current_app.instance_path) / "outbox"
    outbox.mkdir(parents=True, exist_ok=True)
    # Never named after the address: it is typed by users and may hold "/" or worse.
    path = outbox / f"{utcnow():%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex}.eml"
    # SMTPUTF8 keeps an internationalised address (zoé@exämple.fr) as it is.
    path.write_bytes(message.as_bytes(policy=policy.SMTPUTF8))
    log.info("Email to %s: %s\n%s", to, subject, body)
    return path
