"""An export job's progress, written to its log row in short transactions of their own.

The job reads its rows in one long transaction; the console page polls the log row. Each
report commits at once on a connection of its own, so the page sees the count grow while
the job still runs. SQLite has one writer at a time, held by the job itself: there the
count lands with the job's commit (an embedded export runs inline anyway).
"""

import logging

from flask import current_app
from sqlalchemy import update
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.models import ExportLog

log = logging.getLogger(__name__)

EVERY_ROWS = 500


class ProgressWriter:
    """Called with the rows written so far; writes the count every `every` rows."""

    def __init__(self, export_id: int, every: int | None = None):
        self.export_id = export_id
        self.every = every or current_app.config.get("EXPORT_PROGRESS_ROWS", EVERY_ROWS)
        self.next_report = self.every
        self.engine = db.engine
        self.separate = self.engine.dialect.name != "sqlite"

    def __call__(self, written: int) -> None:
        if written < self.next_report:
            return
        self.next_report = (written // self.every + 1) * self.every
        self.write(row_count=written)

    def start(self) -> None:
        """The job began: the page shows it running, from zero rows."""
        self.write(state="running", row_count=0, error=None)

    def write(self, **values) -> None:
        if not self.separate:
            return
        try:
            with self.engine.begin() as connection:
                connection.execute(
                    update(ExportLog)
                    .where(ExportLog.id == self.export_id, ExportLog.state.in_(RUNNABLE))
                    .values(**values)
                )
        except SQLAlchemyError as error:
            # Progress is a courtesy: the export itself goes on.
            log.warning("export %s: progress not written (%s)", self.export_id, error)


# States a job may (re)start from: a retry follows a failure or a run that died.
RUNNABLE = ("queued", "running", "failed")
