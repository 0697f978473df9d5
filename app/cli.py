"""The `superfan` command group: Flask's commands plus the platform's own."""

import getpass
import os
import sys
import tempfile
from datetime import UTC
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from flask_babel import ngettext
from sqlalchemy import select

from app import create_app, jobs
from app.cli_brand import brand_or_fail
from app.demo import load_demo
from app.engagement import superfan_export
from app.engagement.rebuild import rebuild, rebuild_job
from app.extensions import db
from app.job_sweep import sweep
from app.models import Brand
from app.worker import SWEEP_SECONDS, work


@click.group(cls=FlaskGroup, create_app=create_app)
def cli():
    """Superfan: gamified fan engagement that ranks super fans by what they do."""


@cli.command()
@with_appcontext
def demo():
    """Load the demo brand, its owner and fans (running it twice changes nothing)."""
    for line in load_demo():
        click.echo(line)


@cli.command()
@click.option("--burst", is_flag=True, help="Stop once the queues are empty.")
@click.option(
    "--sweep-every",
    type=click.FloatRange(min=0.1),
    default=SWEEP_SECONDS,
    show_default=True,
    help="Seconds between two sweeps of the job table.",
)
@click.option(
    "--abandoned-after",
    type=click.FloatRange(min=1),
    default=jobs.ABANDONED_SECONDS,
    show_default=True,
    help="Seconds without a heartbeat after which a started job is delivered again.",
)
@click.argument("queues", nargs=-1)
@with_appcontext
def worker(queues, burst, sweep_every, abandoned_after):
    """Run an RQ worker for the given queues (default: all) until a signal stops it."""
    try:
        work(
            current_app._get_current_object(),
            tuple(queues),
            burst=burst,
            sweep_every=sweep_every,
            abandoned_after=abandoned_after,
        )
    except RuntimeError as error:
        raise click.ClickException(str(error)) from None


@cli.group("jobs")
def jobs_group():
    """The job table: jobs recorded in the database, delivered by RQ."""


@jobs_group.command("sweep")
@click.option(
    "--abandoned-after",
    type=click.FloatRange(min=0),
    default=jobs.ABANDONED_SECONDS,
    show_default=True,
    help="Seconds a job may stay queued, silent or failed before it is delivered again.",
)
@with_appcontext
def sweep_command(abandoned_after):
    """Deliver again the jobs Redis lost or a dead worker abandoned (inline without Redis)."""
    counts = sweep(abandoned_after)
    click.echo(
        f"{counts['requeued']} jobs delivered again, {counts['pruned']} old done jobs "
        f"forgotten, {counts['boards']} brands' leaderboards queued for a rebuild"
    )


@cli.group()
def leaderboards():
    """Leaderboard maintenance."""


@leaderboards.command("rebuild")
@click.option("--brand", "slug", help="Only this brand (default: every brand).")
@click.option("--enqueue", is_flag=True, help="Run as an RQ job instead of here.")
@with_appcontext
def rebuild_command(slug, enqueue):
    """Recompute every leaderboard from the event log."""
    brands = [brand_or_fail(slug)] if slug else list(db.session.scalars(select(Brand)))
    for brand in brands:
        if enqueue:
            jobs.enqueue(rebuild_job, brand.id)
            click.echo(f"{brand.slug}: rebuild queued")
        else:
            counts = rebuild(brand)
            click.echo(f"{brand.slug}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    db.session.commit()


@cli.group("superfans")
def superfans_group():
    """Super-fan lists."""


@superfans_group.command("export")
@click.option("--brand", "slug", required=True, help="The brand's slug.")
@click.option("--top", type=click.IntRange(min=1), help="Only the N best fans.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only fans active since DATE.")
@click.option("--format", "fmt", type=click.Choice(superfan_export.FORMATS), default="csv")
@click.option("--excel", is_flag=True, help="Start the CSV with a BOM so Excel reads UTF-8.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Default: stdout.")
@with_appcontext
def export_command(slug, top, since, fmt, excel, output):
    """Export the brand's super fans (marketing consent only) as CSV or XLSX."""
    brand = brand_or_fail(slug)
    if fmt == "xlsx" and output is None:
        raise click.ClickException("XLSX is binary: give --output FILE.")
    options = dict(
        actor=f"cli:{getpass.getuser()}",
        fmt=fmt,
        top=top,
        since=since.replace(tzinfo=UTC) if since else None,
        excel_bom=excel,
    )
    try:
        if output is None:
            count = superfan_export.export(brand, sys.stdout.buffer, **options)
        else:
            count = _export_to_file(brand, output, options)
    except superfan_export.NothingToExport as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(
        ngettext(
            "Exported %(num)d super fan of %(brand)s",
            "Exported %(num)d super fans of %(brand)s",
            count,
            brand=brand.slug,
        )
        + (f" to {output}" if output else ""),
        err=True,
    )


def _export_to_file(brand: Brand, output: Path, options: dict) -> int:
    """Write beside the target and rename at the end: a failed export leaves no half file."""
    output = output.resolve()
    if not output.parent.is_dir():
        raise click.ClickException(f"No such folder: {output.parent}")
    handle, partial = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            count = superfan_export.export(brand, out, **options)
        os.replace(partial, output)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return count


if __name__ == "__main__":
    cli()
