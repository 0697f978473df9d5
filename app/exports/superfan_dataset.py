"""The super fans as an export dataset: the best consenting fans, CSV or XLSX, with filters."""

from datetime import datetime
from typing import BinaryIO

from flask_babel import lazy_gettext, ngettext

from app.engagement import superfan_export
from app.exports.datasets import Dataset, NothingToExport, Progress, Scope


def _instant(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def count(scope: Scope) -> int:
    filters = scope.filters
    return superfan_export.count(
        scope.brand, top=filters.get("top"), since=_instant(filters.get("since"))
    )


def write(scope: Scope, out: BinaryIO, progress: Progress | None = None) -> int:
    filters = scope.filters
    try:
        return superfan_export.write(
            scope.brand,
            out,
            fmt=scope.fmt,
            top=filters.get("top"),
            since=_instant(filters.get("since")),
            excel_bom=bool(filters.get("excel_bom")),
            progress=progress,
        )
    except superfan_export.NothingToExport:
        raise NothingToExport(
            lazy_gettext("Nobody could be exported any more: the fans' consent or flags changed.")
        ) from None


def _fans_sentence(count: int, fmt: str) -> str:
    return ngettext(
        "Your export holds %(num)d fan (%(format)s).",
        "Your export holds %(num)d fans (%(format)s).",
        count,
        format=fmt.upper(),
    )


SUPERFANS = Dataset(
    key="superfans",
    label=lazy_gettext("Super fans"),
    title=lazy_gettext("Super-fan export"),
    subject=lazy_gettext("Your super-fan export of %(brand)s is ready"),
    count=count,
    write=write,
    formats=superfan_export.FORMATS,
    per_campaign=False,
    rows_sentence=_fans_sentence,
)
