"""The visitor hash: sha256 of the day's random salt, the brand, the IP and the user agent.

As Plausible does: the same browser is one visitor for one day, the next day it is a new
one, and once the day's salt is deleted (retention.py) nobody, us included, can tell which
address a hash stood for. The raw address is never stored anywhere.
"""

import hashlib
import secrets
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from app.models import AnalyticsSalt

SALT = AnalyticsSalt.__table__
_INSERT = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def salt_for(day: date) -> str:
    """The day's salt, made by the first request of the day (concurrent ones agree)."""
    found = db.session.scalar(select(SALT.c.salt).where(SALT.c.day == day))
    if found is not None:
        return found
    insert = _INSERT[db.session.get_bind().dialect.name]
    db.session.execute(
        insert(SALT).values(day=day, salt=secrets.token_hex(32)).on_conflict_do_nothing()
    )
    return db.session.scalar(select(SALT.c.salt).where(SALT.c.day == day))


def visitor_hash(day: date, brand_id: int, address: str, user_agent: str) -> str:
    """32 hex characters naming one browser in one brand for one day."""
    material = "\x1f".join((salt_for(day), str(brand_id), address, user_agent))
    return hashlib.sha256(material.encode()).hexdigest()[:32]


def forget_old_salts(today: date) -> int:
    """Delete every salt but today's: yesterday's visitors can no longer be linked."""
    return db.session.execute(delete(SALT).where(SALT.c.day < today)).rowcount
