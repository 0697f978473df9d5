"""Where export files live: the instance folder, out of the web root, until they expire."""

from datetime import datetime, timedelta
from functools import partial
from pathlib import Path, PurePosixPath

from flask import current_app
from sqlalchemy import select, update

from app import clock
from app.aftercommit import after_commit
from app.extensions import db
from app.models import ExportLog

FOLDER = "exports"
KEEP_HOURS = 48
EXPIRE_BATCH = 500


def folder() -> Path:
    return Path(current_app.instance_path) / FOLDER


def name_for(export: ExportLog) -> str:
    """The file's name, relative to the folder: one per export, so a retried job overwrites it."""
    return f"{export.brand_id}/{export.id}.{export.format}"


def path_of(name: str) -> Path:
    """The file of a stored name; refuses a name that would leave the folder."""
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or path.as_posix() != name:
        raise ValueError(f"invalid export file name {name!r}")
    return folder().joinpath(*path.parts)


def keep_for() -> timedelta:
    """How long a finished export can be downloaded."""
    return timedelta(hours=current_app.config.get("EXPORT_KEEP_HOURS", KEEP_HOURS))


def is_downloadable(export: ExportLog, now: datetime) -> bool:
    return (
        export.state == "ready"
        and export.expires_at is not None
        and export.expires_at > now
        and export.file_path is not None
        and path_of(export.file_path).is_file()
    )


def expire_due(now: datetime | None = None) -> int:
    """Mark ready exports past their expiry "expired"; their files go once that commits.

    The caller commits. Returns how many expired.
    """
    now = now or clock.now()
    due = db.session.execute(
        select(ExportLog.id, ExportLog.file_path)
        .where(ExportLog.state == "ready", ExportLog.expires_at <= now)
        .order_by(ExportLog.expires_at)
        .limit(EXPIRE_BATCH)
    ).all()
    if not due:
        return 0
    db.session.execute(
        update(ExportLog)
        .where(ExportLog.id.in_([row.id for row in due]), ExportLog.state == "ready")
        .values(state="expired")
        .execution_options(synchronize_session=False)
    )
    names = [row.file_path for row in due if row.file_path]
    after_commit(db.session(), partial(_delete, folder(), names))
    return len(due)


def _delete(root: Path, names: list[str]) -> None:
    for name in names:
        root.joinpath(*PurePosixPath(name).parts).unlink(missing_ok=True)
