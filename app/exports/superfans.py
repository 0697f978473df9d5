"""The super-fan export as a job (app/exports/job.py runs every dataset's the same way)."""

from collections.abc import Callable
from datetime import datetime

from app.engagement import superfan_export
from app.exports import job
from app.exports.datasets import Scope
from app.exports.superfan_dataset import SUPERFANS
from app.models import Brand, ExportLog, User

# Jobs queued before datasets existed name this path: it runs them as any export's job.
run = job.run


def start(
    brand: Brand,
    user: User,
    *,
    fmt: str,
    top: int | None,
    since: datetime | None,
    excel_bom: bool,
    rows_expected: int,
    locale: str,
    link: Callable[[ExportLog], str],
) -> ExportLog:
    """Log the super-fan export as queued and ask for the job; the caller commits."""
    filters = superfan_export.filters_of(top=top, since=since, excel_bom=excel_bom)
    return job.start(
        Scope(brand=brand, campaign=None, fmt=fmt, filters=filters),
        SUPERFANS,
        user,
        rows_expected=rows_expected,
        locale=locale,
        link=link,
    )
