"""Outgoing email. The embedded default writes each message to the log and to instance/outbox/."""

import logging
from email.message import EmailMessage
from pathlib import Path

from flask import current_app

from app.models import utcnow

log = logging.getLogger(__name__)


def send_email(to: str, subject: str, body: str) -> Path:
    """Deliver a plain-text message; returns where the outbox copy was written."""
    message = EmailMessage()
    message["From"] = current_app.config.get("MAIL_FROM", "Superfan <no-reply@superfan.local>")
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    outbox = Path(current_app.instance_path) / "outbox"
    outbox.mkdir(parents=True, exist_ok=True)
    path = outbox / f"{utcnow():%Y%m%dT%H%M%S%f}-{to.replace('@', '_at_')}.eml"
    path.write_bytes(bytes(message))
    log.info("Email to %s: %s\n%s", to, subject, body)
    return path
