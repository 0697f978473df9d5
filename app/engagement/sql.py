"""SQL pieces the engine needs on both PostgreSQL and SQLite: seconds since the Unix epoch."""

from sqlalchemy import Float, String, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from app.engagement.scoring import SECONDS_PER_DAY


class epoch_seconds(FunctionElement):
    """Seconds since 1970-01-01 UTC of a timestamp column."""

    type = Float()
    inherit_cache = True


@compiles(epoch_seconds, "postgresql")
def _epoch_seconds_pg(element, compiler, **kw):
    return f"EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)})"


@compiles(epoch_seconds, "sqlite")
def _epoch_seconds_sqlite(element, compiler, **kw):
    # julianday() of the Unix epoch is 2440587.5.
    return f"((julianday({compiler.process(element.clauses, **kw)}) - 2440587.5) * 86400.0)"


def weighted_points(points_column, created_at_column, brand):
    """SQL for what each event adds to score_base (see scoring.py)."""
    exponent = (epoch_seconds(created_at_column) - brand.score_epoch.timestamp()) / (
        brand.half_life_days * SECONDS_PER_DAY
    )
    return points_column * func.power(2.0, exponent)


class iso_utc(FunctionElement):
    """A UTC timestamp column as ISO 8601 text (2026-11-23T18:05:00Z), formatted by the database."""

    type = String()
    inherit_cache = True


@compiles(iso_utc, "postgresql")
def _iso_utc_pg(element, compiler, **kw):
    column = compiler.process(element.clauses, **kw)
    return f"""to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"""


@compiles(iso_utc, "sqlite")
def _iso_utc_sqlite(element, compiler, **kw):
    # SQLite stores our timestamps as UTC text already (see models.base.UTCDateTime).
    return f"strftime('%Y-%m-%dT%H:%M:%SZ', {compiler.process(element.clauses, **kw)})"
