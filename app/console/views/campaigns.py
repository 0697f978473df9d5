"""The common campaign flow of every kind: the list, a new campaign, its page, its status.

Views are thin: read the form, call app.campaigns.lifecycle, commit once at the edge; a
refusal rolls back and shows the page again with each problem beside its field.
"""

from zoneinfo import ZoneInfo

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app import clock
from app.campaigns import all_kinds, get_kind, languages, lifecycle
from app.campaigns.forms import FormReader
from app.campaigns.refusals import Refused
from app.console.access import brand_blueprint, current_brand, requires
from app.console.kind_pages import brand_campaign_of, render_campaign_page
from app.console.paging import paginate, search_text
from app.console.services.campaigns import campaigns_query
from app.extensions import db

bp = brand_blueprint("console_campaigns", __name__)


def kind_label(key: str) -> str:
    try:
        return get_kind(key).label
    except ValueError:
        return key


def _translations(*fields: str) -> dict:
    """The texts typed for the brand's other languages, {"fr": {"title": ...}}."""
    return languages.read_form(request.form, fields, languages.extra_languages(current_brand()))


def _campaign(campaign_id: int):
    campaign = brand_campaign_of(campaign_id)
    try:
        get_kind(campaign.kind)
    except ValueError:
        abort(404)  # a kind this installation no longer has: nothing to edit it with
    return campaign


@bp.get("/")
@requires("read")
def index():
    q = search_text()
    return render_template(
        "console/campaigns.html",
        rows=paginate(campaigns_query(current_brand(), q)),
        q=q,
        kind_label=kind_label,
    )


@bp.route("/campaigns/new", methods=["GET", "POST"])
@requires("campaigns")
def new():
    kinds = all_kinds()
    chosen = request.values.get("kind", "")
    refusal = None
    if request.method == "POST":
        reader = FormReader(request.form, current_brand().timezone)
        starts_at, ends_at = reader.moment("starts_at"), reader.moment("ends_at")
        if chosen not in {kind.key for kind in kinds}:
            reader.refuse(_("Choose what kind of campaign to make."), "kind")
        try:
            reader.done()
            campaign = lifecycle.create(
                current_brand(),
                chosen,
                title=request.form.get("title", ""),
                slug=request.form.get("slug", ""),
                starts_at=starts_at,
                ends_at=ends_at,
                translations=_translations("title"),
            )
            db.session.commit()
            flash(_("The draft is made: set it up, then put it live."), "info")
            return redirect(url_for(".edit", campaign_id=campaign.id))
        except Refused as error:
            db.session.rollback()
            refusal = error
    problems = {}
    for problem in refusal.problems if refusal else ():
        problems.setdefault(problem.field, problem.message)
    page = render_template(
        "console/campaign_new.html", kinds=kinds, chosen=chosen, refusal=refusal, problems=problems
    )
    return page, refusal.status if refusal else 200


# One rule for the page and its form: a POST to an id no column can hold is a 404 too.
@bp.route("/campaigns/<int:campaign_id>", methods=["GET", "POST"])
@requires("campaigns")
def edit(campaign_id: int):
    if request.method == "POST":
        return _save(campaign_id)
    return render_campaign_page(_campaign(campaign_id))


def _save(campaign_id: int):
    campaign = _campaign(campaign_id)
    kind = get_kind(campaign.kind)
    reader = FormReader(request.form, ZoneInfo(current_brand().timezone))
    try:
        lifecycle.ensure_editable(campaign)
        starts_at, ends_at = reader.moment("starts_at"), reader.moment("ends_at")
        settings = kind.read_settings(reader, campaign)
        reader.done()
        lifecycle.update(
            campaign,
            title=request.form.get("title", ""),
            starts_at=starts_at,
            ends_at=ends_at,
            rules_text=request.form.get("rules_text") if kind.shows_rules_text else None,
            settings=settings,
            translations=_translations(
                "title", *(("rules_text",) if kind.shows_rules_text else ())
            ),
        )
        db.session.commit()
    except Refused as refusal:
        db.session.rollback()
        return render_campaign_page(_campaign(campaign_id), refusal)
    flash(_("Settings saved."), "info")
    return redirect(url_for(".edit", campaign_id=campaign_id))


@bp.post("/campaigns/<int:campaign_id>/status")
@requires("campaigns")
def change_status(campaign_id: int):
    campaign = _campaign(campaign_id)
    try:
        lifecycle.set_status(campaign, request.form.get("status", ""), now=clock.now())
        db.session.commit()
    except Refused as refusal:
        db.session.rollback()
        return render_campaign_page(_campaign(campaign_id), refusal)
    flash(lifecycle.status_message(campaign), "info")
    return redirect(url_for(".edit", campaign_id=campaign_id))
