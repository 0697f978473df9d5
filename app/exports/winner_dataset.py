"""Prize winners as an export dataset: one campaign's (or every campaign's) winners with their
claim and fulfilment, contact details only when the member who asked may see them."""

from typing import BinaryIO

from flask_babel import lazy_gettext

from app import clock
from app.exports.datasets import Dataset, Progress, Scope, write_csv
from app.winners import records, winners_csv


def _winners(scope: Scope):
    # The kinds may have announced winners since the page was drawn: keep the records in step.
    campaigns = records.campaigns_with_winners(scope.brand)
    if scope.campaign is not None:
        campaigns = [c for c in campaigns if c.id == scope.campaign.id]
    records.sync(campaigns, clock.now())
    return records.winners_of(scope.brand, scope.campaign.id if scope.campaign else None)


def count(scope: Scope) -> int:
    return len(_winners(scope))


def write(scope: Scope, out: BinaryIO, progress: Progress | None = None) -> int:
    contact = bool(scope.filters.get("contact"))
    winners = _winners(scope)
    return write_csv(
        out,
        winners_csv.headers(contact),
        winners_csv.rows(winners, with_contact=contact),
        progress,
    )


def fans_with_contact(scope: Scope) -> list[int]:
    """The fans whose contact details a file of this export shows (for the staff access log)."""
    if not scope.filters.get("contact"):
        return []
    winners = records.winners_of(scope.brand, scope.campaign.id if scope.campaign else None)
    return [w.fan_id for w in winners if w.contact and w.fan_id is not None]


WINNERS = Dataset(
    key="winners",
    label=lazy_gettext("Winners"),
    title=lazy_gettext("Winners of %(name)s"),
    subject=lazy_gettext("Your export of the winners of %(name)s is ready"),
    count=count,
    write=write,
    per_campaign=False,
)
