"""SQLite made to behave like PostgreSQL for the embedded default.

pysqlite starts transactions lazily and lets a RELEASE SAVEPOINT commit on its own, so
a rolled-back request could leave rows behind; SQLAlchemy's documented fix is to take
transaction control from the driver and emit BEGIN ourselves. Foreign keys (and their
ON DELETE rules) are off in SQLite unless asked for, and some builds lack power().

Transactions begin IMMEDIATE, taking the write lock up front: a deferred transaction
that has read cannot wait for the lock when it later writes (SQLite answers "database is
locked" at once to avoid a deadlock), so two fans acting together on the threaded
embedded server would fail. Queuing whole transactions is what SQLite can do.
"""

import math
import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine


@event.listens_for(Engine, "connect")
def _configure(dbapi_connection, _record):
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys = ON")
        dbapi_connection.execute("PRAGMA busy_timeout = 5000")
        dbapi_connection.create_function("power", 2, math.pow, deterministic=True)


@event.listens_for(Engine, "begin")
def _begin(connection):
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
