"""Levels: named tiers by points per brand, the fan's progress to the next, and their editor."""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from app import clock
from app.badges.errors import Invalid
from app.extensions import db
from app.models import FanLevelNotice, FanProfile, Level

# What a brand gets until it defines its own.
DEFAULT_LEVELS = (("Newcomer", 0), ("Regular", 100), ("Insider", 500), ("Ambassador", 2000))
MAX_LEVELS = 20


@dataclass(frozen=True)
class LevelProgress:
    name: str
    min_points: int
    next_name: str | None
    next_min_points: int | None
    points: int

    @property
    def points_to_go(self) -> int:
        return 0 if self.next_min_points is None else self.next_min_points - self.points

    @property
    def percent(self) -> int:
        """How far from this level to the next, 0-100; 100 at the top level."""
        if self.next_min_points is None:
            return 100
        span = self.next_min_points - self.min_points
        return max(0, min(100, (self.points - self.min_points) * 100 // span))


def levels_of(brand_id: int) -> list[tuple[str, int]]:
    """The brand's (name, min_points), lowest first; the defaults when it has none."""
    rows = db.session.execute(
        select(Level.name, Level.min_points)
        .where(Level.brand_id == brand_id)
        .order_by(Level.min_points)
    ).all()
    return [(name, points) for name, points in rows] or list(DEFAULT_LEVELS)


def progress_for(points: int, levels: list[tuple[str, int]]) -> LevelProgress:
    current, following = levels[0], None
    for n, level in enumerate(levels):
        if points >= level[1]:
            current = level
            following = levels[n + 1] if n + 1 < len(levels) else None
    return LevelProgress(
        current[0],
        current[1],
        following[0] if following else None,
        following[1] if following else None,
        points,
    )


def level_for(fan: FanProfile) -> LevelProgress:
    """The fan's level now, and how far they are from the next one."""
    return progress_for(fan.points, levels_of(fan.brand_id))


def parse_levels(names: list[str], points: list[str]) -> list[tuple[str, int]]:
    """Rows of the levels form, checked: names given, points whole and distinct, one at 0."""
    problems: dict[str, str] = {}
    rows = []
    for n, (name, value) in enumerate(zip(names, points, strict=False)):
        name, value = (name or "").strip(), (value or "").strip()
        if not name and not value:
            continue
        if not name:
            problems[f"{n}.name"] = _("Give this level a name.")
        elif len(name) > 60:
            problems[f"{n}.name"] = _("A level's name can be at most 60 characters.")
        try:
            number = int(value)
        except ValueError:
            problems[f"{n}.min_points"] = _("Points must be a whole number.")
            continue
        if number < 0:
            problems[f"{n}.min_points"] = _("Points cannot be negative.")
        elif any(number == other for _name, other in rows):
            problems[f"{n}.min_points"] = _("Two levels cannot start at the same points.")
        rows.append((name, number))
    if not rows:
        problems["levels"] = _("Define at least one level.")
    elif not any(points == 0 for _name, points in rows):
        problems["levels"] = _("One level must start at 0 points, so that every fan has a level.")
    if len(rows) > MAX_LEVELS:
        problems["levels"] = _("At most %(count)d levels.", count=MAX_LEVELS)
    if problems:
        raise Invalid(problems)
    return sorted(rows, key=lambda row: row[1])


def save_levels(brand, rows: list[tuple[str, int]]) -> None:
    """Replace the brand's levels; flushes."""
    db.session.execute(delete(Level).where(Level.brand_id == brand.id))
    db.session.flush()
    db.session.add_all(Level(brand_id=brand.id, name=n, min_points=p) for n, p in rows)
    db.session.flush()


def floor_reached(brand_id, points):
    """SQL for the min_points of the highest of the brand's levels reached at these points.

    NULL when the brand has no levels of its own (every brand's levels start at 0).
    """
    return (
        select(func.max(Level.min_points))
        .where(Level.brand_id == brand_id, Level.min_points <= points)
        .scalar_subquery()
    )


def floor_noticed(fan_id):
    """SQL for the min_points of the level the fan was last told about; NULL if none."""
    return (
        select(FanLevelNotice.min_points).where(FanLevelNotice.fan_id == fan_id).scalar_subquery()
    )


def note_level_if_higher(fan, reached: int | None, noticed: int | None) -> None:
    """note_level() only when the level reached (floor_reached) beats the one noticed.

    After most actions the fan's level has not changed: then nothing is written, and the
    transaction that checked stays read-only (an upsert would lock the row even if it
    changed nothing, and its commit would wait for the disk).
    """
    if reached is None:
        reached = progress_for(fan.points, list(DEFAULT_LEVELS)).min_points
    if reached > 0 and (noticed is None or noticed < reached):
        note_level(fan)


def note_level(fan: FanProfile, progress: LevelProgress | None = None) -> None:
    """Remember a level above the first that the fan reached, to announce it once. Flushes.

    One upsert, guarded so that a lower level (points spent, levels redefined) or a racing
    request never overwrites a higher one: no read first, no savepoint.
    """
    progress = progress or level_for(fan)
    if progress.min_points <= 0:
        return
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(FanLevelNotice).values(
        fan_id=fan.id, name=progress.name, min_points=progress.min_points, reached_at=clock.now()
    )
    statement = statement.on_conflict_do_update(
        index_elements=["fan_id"],
        set_={
            "name": statement.excluded.name,
            "min_points": statement.excluded.min_points,
            "reached_at": statement.excluded.reached_at,
            "seen_at": None,
        },
        where=FanLevelNotice.min_points < statement.excluded.min_points,
    )
    db.session.execute(statement)
