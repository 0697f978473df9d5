"""What every kind's console pages do alike: find the campaign, commit at the edge, refusals.

The kind platform's console half (app.campaigns holds the rest; the console imports it,
never the other way). The common campaign page (status, common fields, the kind's settings
and panel) is drawn here so a kind's own actions can answer a refusal with it. A kind's
console pages come from kind_console_blueprint; its actions on one campaign use
campaign_action.
"""

import functools
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select

from app import clock
from app.campaigns import get_kind
from app.campaigns.lifecycle import LIVE_STATUSES, status_actions
from app.campaigns.refusals import Refused, as_problem
from app.console.access import brand_blueprint, current_brand, requires
from app.extensions import db
from app.models import Campaign

CAMPAIGN_ARG = "campaign_id"


def brand_campaign_of(campaign_id: int, kinds: tuple[str, ...] | None = None) -> Campaign:
    """A campaign of the current brand (among `kinds`, when given), or 404."""
    query = select(Campaign).where(
        Campaign.id == campaign_id, Campaign.brand_id == current_brand().id
    )
    if kinds is not None:
        query = query.where(Campaign.kind.in_(kinds))
    return db.session.scalar(query) or abort(404)


def current_campaign() -> Campaign:
    """The campaign named by the page's <int:campaign_id>, found by kind_console_blueprint."""
    return g.console_campaign


def _same_site(url: str | None) -> bool:
    return bool(url) and urlsplit(url).netloc in ("", request.host)


def kind_console_blueprint(
    name: str, import_name: str, url_prefix: str, kinds: tuple[str, ...], **options
) -> Blueprint:
    """A brand blueprint at /console/<brand><url_prefix> whose <int:campaign_id> is one of `kinds`.

    A campaign of another brand or kind is a 404. A Refused raised by a view rolls back: an
    action on a campaign answers with the campaign page and the problems, others go back.
    """
    bp = brand_blueprint(name, import_name, url_prefix, **options)

    @bp.before_request
    def _find_campaign():
        g.console_campaign = None
        campaign_id = (request.view_args or {}).get(CAMPAIGN_ARG)
        if campaign_id is not None:
            g.console_campaign = brand_campaign_of(campaign_id, kinds)

    @bp.errorhandler(Refused)
    def _refused(refusal: Refused):
        db.session.rollback()
        if g.get("console_campaign") is not None:
            return render_campaign_page(g.console_campaign, refusal)
        for message in refusal.messages():
            flash(message, "error")
        back = request.referrer if _same_site(request.referrer) else None
        return redirect(back or url_for("console_campaigns.index"))

    return bp


def campaign_action(permission: str, *, back=None):
    """A POST on one campaign: run it, commit, flash what it returns, go back to the page."""

    def decorate(handler):
        @functools.wraps(handler)
        def view(campaign_id: int, **ids):
            campaign = current_campaign()
            message = handler(campaign, **ids)
            db.session.commit()
            if message:
                flash(message, "info")
            target = (
                back(campaign)
                if back
                else url_for("console_campaigns.edit", campaign_id=campaign.id)
            )
            return redirect(target)

        return requires(permission)(view)

    return decorate


def local_input(moment, zone: ZoneInfo) -> str:
    """A moment as a datetime-local field's value in the brand's zone."""
    return moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M") if moment else ""


def render_campaign_page(campaign: Campaign, refusal: Refused | None = None):
    """The campaign page: status, common fields, the kind's settings and panel; a refusal's
    problems beside their fields and all of them on top, with the refusal's status."""
    kind = get_kind(campaign.kind)
    brand = current_brand()
    zone = ZoneInfo(brand.timezone)
    posted_form = request.form if refusal is not None and request.method == "POST" else {}
    problems: dict[str, str] = {}
    for problem in refusal.problems if refusal else ():
        if problem.field:
            problems[problem.field] = " ".join(
                filter(None, (problems.get(problem.field), problem.message))
            )

    def posted(name: str, default=""):
        """What the user just sent for `name`, after a refusal; else the stored value."""
        return posted_form.get(name, default) if name in posted_form else default

    live_problems = []
    if campaign.status in ("draft", "scheduled"):
        live_problems = [
            as_problem(problem).message
            for problem in kind.problems_before_live(campaign, clock.now())
        ]
    context = {
        "campaign": campaign,
        "kind": kind,
        "now": clock.now(),
        "zone": zone,
        "local": lambda moment: local_input(moment, zone),
        "posted": posted,
        "problems": problems,
        "refusal": refusal,
        "live_problems": live_problems,
        "frozen": kind.frozen_reason(campaign),
        "status_buttons": status_actions(campaign, clock.now()),
        "editor_links": kind.editor_links(campaign),
        "is_live_status": campaign.status in LIVE_STATUSES,
        "fan_url": url_for("embed.campaign", brand_slug=brand.slug, campaign_slug=campaign.slug),
        **kind.settings_context(campaign),
    }
    status = refusal.status if refusal else 200
    return render_template("console/campaign.html", **context), status
