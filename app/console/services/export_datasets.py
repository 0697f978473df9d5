"""Exporting any dataset from a console page (winners, a quiz's answers or results): which
list of which campaign, the filters the member's role allows, and what the log says of it."""

from dataclasses import dataclass

from flask import abort
from sqlalchemy import select

from app.console.services import access_log
from app.exports import job as export_job
from app.exports import registry, winner_dataset
from app.exports.datasets import Dataset, Scope
from app.extensions import db
from app.models import Brand, Campaign, ExportLog, User


def campaign_of(brand: Brand, raw: str | None) -> Campaign | None:
    """The campaign a form names (empty: none), among the brand's; 404 for any other."""
    raw = (raw or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 9:
        abort(404)
    campaign = db.session.scalar(
        select(Campaign).where(Campaign.id == int(raw), Campaign.brand_id == brand.id)
    )
    if campaign is None:
        abort(404)
    return campaign


def dataset_of(key: str, campaign: Campaign | None) -> Dataset:
    """The dataset of this key for this campaign (or brand-wide), or 404."""
    dataset = registry.find(key, campaign)
    if dataset is None or (dataset.per_campaign and campaign is None):
        abort(404)
    return dataset


def scope_for(brand: Brand, campaign: Campaign | None, dataset: Dataset, user: User, role: str):
    """What the export will hold: contact details only for members who may see them."""
    filters = {}
    if dataset.key == winner_dataset.WINNERS.key:
        filters["contact"] = access_log.sees_emails(user, brand, role)
    return Scope(brand=brand, campaign=campaign, fmt="csv", filters=filters)


def may_download(export: ExportLog, user: User, brand: Brand, role: str) -> bool:
    """A file with winners' contact details goes only to members who may see them."""
    if (export.filters or {}).get("contact"):
        return access_log.sees_emails(user, brand, role)
    return True


def scope_and_dataset(export: ExportLog) -> tuple[Scope, Dataset | None]:
    """What a logged export was of, and its dataset if anyone still offers it."""
    scope = export_job.scope_of(export)
    return scope, registry.find(export.dataset, scope.campaign)


def log_personal_views(scope: Scope, dataset: Dataset, user: User) -> None:
    """Log, in the staff access log, the winners' contact details this file shows."""
    if dataset.key != winner_dataset.WINNERS.key:
        return
    for fan_id in winner_dataset.fans_with_contact(scope):
        access_log.log_personal_view(user, scope.brand, fan_id, "contact")


@dataclass(frozen=True)
class About:
    """An export as the log and its page name it."""

    label: str
    title: str
    # The campaign's title ("" for a brand-wide list); kept in the log once it is deleted.
    campaign: str


def about(export: ExportLog, brand: Brand) -> About:
    campaign = export.campaign
    campaign_title = (
        campaign.title if campaign is not None else (export.filters or {}).get("campaign", "")
    )
    dataset = registry.find(export.dataset, campaign)
    if dataset is None:
        # Its campaign is gone (or its kind no longer offers it): the key is all that is left.
        key = export.dataset.replace("_", " ").capitalize()
        return About(key, key, campaign_title)
    name = campaign_title or brand.name
    return About(
        str(dataset.label),
        str(dataset.title) % {"name": name, "brand": brand.name},
        campaign_title,
    )
