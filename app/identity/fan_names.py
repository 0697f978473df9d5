"""A fan's public name: what a fan may choose, and what a sign-in may bring along.

The name shows on leaderboards, in galleries and on badge pages, to everyone: it is never
made from an email address. Without a name of their own a fan has a generated pseudonym
(pseudonyms.py) until they choose one.
"""

import re
import unicodedata

from flask_babel import gettext as _
from sqlalchemy import select

from app.engagement import names
from app.extensions import db
from app.identity import pseudonyms
from app.models import FanProfile, User

NAME_MIN = 2
NAME_MAX = 40
# Anything@something.tld: a name like that would publish an address.
EMAIL_LIKE = re.compile(r"\S+@\S+\.\S+")


class NameRefused(ValueError):
    """The fan's name cannot be used; the message says why, in the fan's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def tidy(value: str) -> str:
    """Outer spaces dropped, inner runs of blank space made one space, text normalised."""
    return " ".join(unicodedata.normalize("NFC", value or "").split())


def check(value) -> str:
    """The name a fan typed, tidied; NameRefused when it cannot be shown."""
    if not isinstance(value, str):
        raise NameRefused(_("Enter a name."))
    name = tidy(value)
    if not name:
        raise NameRefused(_("Enter a name."))
    if len(name) < NAME_MIN or len(name) > NAME_MAX:
        raise NameRefused(
            _("Use %(min)d to %(max)d characters for your name.", min=NAME_MIN, max=NAME_MAX)
        )
    if any(unicodedata.category(c).startswith("C") for c in name):
        raise NameRefused(_("Use letters, digits, spaces and punctuation only."))
    if EMAIL_LIKE.search(name):
        raise NameRefused(_("Your name is public: do not use an email address."))
    return name


def from_provider(value: str | None) -> str:
    """The name a sign-in provider gave, if it is one a fan could choose; else a pseudonym."""
    try:
        return check(tidy(value)[:NAME_MAX].rstrip() if isinstance(value, str) else value)
    except NameRefused:
        return pseudonyms.new_name()


def rename(user: User, value) -> str:
    """Give the fan the name they chose (checked); boards show it once the change commits."""
    name = check(value)
    user.display_name = name
    db.session.flush()
    profiles = db.session.scalars(select(FanProfile.id).where(FanProfile.user_id == user.id))
    names.forget_after_commit(list(profiles))
    return name
