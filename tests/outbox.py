"""The emails the app really wrote to instance/outbox/, read back as a mail client would."""

import email
import email.message
import os
from email import policy
from pathlib import Path


def outbox_dir(app_or_path=None) -> Path:
    """The outbox of an app or instance folder; by default the test run's (tests/conftest.py)."""
    if app_or_path is None:
        app_or_path = os.environ["SUPERFAN_INSTANCE_PATH"]
    root = getattr(app_or_path, "instance_path", app_or_path)
    return Path(root) / "outbox"


def messages(app_or_path=None, to: str | None = None) -> list[email.message.EmailMessage]:
    """Every message in the outbox, oldest first; only those to `to` if given."""
    found = []
    folder = outbox_dir(app_or_path)
    for path in sorted(folder.glob("*.eml")) if folder.is_dir() else ():
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        if to is None or message["To"] == to:
            found.append(message)
    return found


def body_of(message: email.message.EmailMessage) -> str:
    return message.get_content()


class Outbox:
    """The messages written since this object was made, as (to, subject, body), oldest first.

    The outbox folder is shared by a whole test run, so a test sees only its own mail.
    """

    def __init__(self, app_or_path=None):
        self.source = app_or_path
        self.before = len(messages(app_or_path))

    def sent(self) -> list[tuple[str, str, str]]:
        return [(m["To"], m["Subject"], body_of(m)) for m in messages(self.source)[self.before :]]

    def __len__(self) -> int:
        return len(self.sent())

    def __getitem__(self, index):
        return self.sent()[index]

    def __iter__(self):
        return iter(self.sent())

    def __eq__(self, other) -> bool:
        return self.sent() == list(other)

    __hash__ = None
