"""The brand a `superfan` command names with --brand: found by slug, or the command stops."""

import click
from sqlalchemy import select

from app.extensions import db
from app.models import Brand


def brand_or_fail(slug: str) -> Brand:
    brand = db.session.scalar(select(Brand).where(Brand.slug == slug))
    if brand is None:
        known = ", ".join(db.session.scalars(select(Brand.slug).order_by(Brand.slug))) or "none yet"
        raise click.ClickException(f"No brand with slug {slug!r} (known brands: {known}).")
    return brand
