"""`superfan contests verify-draw CAMPAIGN`: recompute a draw from its published data."""

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from app.extensions import db
from app.models import Brand, Campaign
from contests.sweepstakes import draw, drawing, settings


@click.group("contests")
def contests():
    """Contests and sweepstakes."""


def _sweepstakes(name: str) -> Campaign:
    """A sweepstakes by `slug` or `brand/slug` (needed when several brands use the slug)."""
    brand_slug, _, slug = name.rpartition("/")
    query = select(Campaign).where(Campaign.kind == settings.KIND_KEY, Campaign.slug == slug)
    if brand_slug:
        query = query.join(Brand, Brand.id == Campaign.brand_id).where(Brand.slug == brand_slug)
    found = list(db.session.scalars(query))
    if not found:
        raise click.ClickException(f"No sweepstakes {name!r}.")
    if len(found) > 1:
        raise click.ClickException(
            f"Several brands have a sweepstakes {slug!r}: give BRAND/{slug}."
        )
    return found[0]


@contests.command("verify-draw")
@click.argument("campaign")
@with_appcontext
def verify_draw(campaign):
    """Recompute the winners of CAMPAIGN (slug or brand/slug) and say whether they MATCH."""
    published = drawing.published(_sweepstakes(campaign))
    if published is None:
        raise click.ClickException(f"{campaign} has not been drawn yet.")
    verification = draw.verify(published)
    for label, ok in verification.checks:
        click.echo(f"{'ok ' if ok else 'BAD'} {label}")
    click.echo("winners: " + (", ".join(verification.winners) or "none"))
    click.echo("alternates: " + (", ".join(verification.alternates) or "none"))
    if not verification.matches:
        click.echo("MISMATCH: the stored draw does not follow from its published data.")
        raise SystemExit(1)
    click.echo("MATCH: the winners follow from the published seed and entry list.")
