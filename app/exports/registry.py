"""Which datasets can be exported: the core's (super fans, winners) and each kind's own."""

from app.campaigns import get_kind
from app.exports.datasets import Dataset
from app.exports.superfan_dataset import SUPERFANS
from app.exports.winner_dataset import WINNERS
from app.models import Campaign

CORE: dict[str, Dataset] = {dataset.key: dataset for dataset in (SUPERFANS, WINNERS)}


def of_campaign(campaign: Campaign) -> list[Dataset]:
    """The lists the campaign's kind offers (CampaignKind.export_datasets)."""
    try:
        kind = get_kind(campaign.kind)
    except ValueError:
        # A kind no longer installed offers nothing.
        return []
    return [d for d in kind.export_datasets(campaign) if d.key not in CORE]


def find(key: str, campaign: Campaign | None = None) -> Dataset | None:
    """The dataset of this key: the core's first (a kind cannot shadow it), else the
    campaign's kind's; None when nobody offers it."""
    if key in CORE:
        return CORE[key]
    if campaign is None:
        return None
    return next((d for d in of_campaign(campaign) if d.key == key), None)
