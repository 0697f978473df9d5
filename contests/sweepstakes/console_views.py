"""Console pages for sweepstakes: /console/<brand>/sweepstakes/...

Building, going live, closing and drawing need the "campaigns" permission (owner, manager).
Views are thin: parse the form, call the builder or the draw, commit once, redirect; a
refused draw answers 409 on the edit page with the reason, nothing stored.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from app import clock
from app.console.access import brand_blueprint, brand_campaign, current_brand, requires
from app.extensions import db
from contests.sweepstakes import builder, draw, drawing, rules, services, settings
from contests.sweepstakes.builder import BuilderRefused
from contests.sweepstakes.errors import SweepstakesRefused

bp = brand_blueprint("sweepstakes_console", __name__, "/sweepstakes")
TEXT_FIELDS = (*settings.REQUIRED_TEXT, "extra_rules")
NUMBER_FIELDS = (
    "min_age",
    "winners",
    "alternates",
    "bonus_referral_cap",
    "bonus_share_cap",
    "bonus_quiz_cap",
)


def _campaign(campaign_id: int):
    return brand_campaign(campaign_id, kind=settings.KIND_KEY)


def _moment(name: str, zone: ZoneInfo) -> datetime | None:
    """A datetime-local field, read in the brand's time zone."""
    value = request.form.get(name, "").strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=zone)
    except ValueError:
        raise BuilderRefused([f"{name.replace('_', ' ').capitalize()} is not a date."]) from None


def _values_from_form() -> dict:
    values = {name: request.form.get(name, "").strip() for name in TEXT_FIELDS}
    for name in NUMBER_FIELDS:
        raw = request.form.get(name, "").strip()
        try:
            values[name] = int(raw)
        except ValueError:
            raise BuilderRefused(
                [f"{name.replace('_', ' ').capitalize()} must be a number."]
            ) from None
    countries = request.form.get("countries", "").replace(",", " ").upper().split()
    values["countries"] = sorted(set(countries))
    values["frequency"] = request.form.get("frequency", "once")
    values["linked_quiz"] = request.form.get("linked_quiz", "").strip().lower()
    return values


def _edit_page(campaign, status: int = 200):
    zone = ZoneInfo(current_brand().timezone)
    made = drawing.draw_of(campaign)
    published = drawing.published(campaign)
    winners, alternates = [], []
    if published is not None:
        winners, alternates = draw.outcome(
            published.picks, published.redraws, published.winners, published.alternates
        )
    fan_args = {"brand_slug": current_brand().slug, "campaign_slug": campaign.slug}
    return render_template(
        "contests/sweepstakes/console/edit.html",
        campaign=campaign,
        options=settings.read(campaign.settings),
        seal=rules.seal_of(campaign),
        made=made,
        winners=winners,
        alternates=alternates,
        redraws=drawing.redraws_of(made) if made else [],
        entrants=len(services.eligible_weights(campaign)) if made is None else None,
        local=lambda moment: moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M") if moment else "",
        fan_url=url_for("sweepstakes.enter_page", **fan_args),
        rules_url=url_for("sweepstakes.official_rules", **fan_args),
        draw_url=url_for("sweepstakes.draw_page", **fan_args),
        preview=rules.official_text(campaign, rules.official_locale(campaign)),
    ), status


def _refused(error: SweepstakesRefused) -> None:
    db.session.rollback()
    for problem in getattr(error, "problems", [error.message]):
        flash(problem, "error")


@bp.route("/new", methods=["GET", "POST"])
@requires("campaigns")
def new():
    if request.method == "POST":
        try:
            campaign = builder.create_campaign(
                current_brand(),
                title=request.form.get("title", ""),
                slug=request.form.get("slug", ""),
            )
            db.session.commit()
            return redirect(url_for(".edit", campaign_id=campaign.id))
        except BuilderRefused as error:
            _refused(error)
    return render_template("contests/sweepstakes/console/new.html")


@bp.get("/<int:campaign_id>")
@requires("campaigns")
def edit(campaign_id: int):
    return _edit_page(_campaign(campaign_id))


def _action(handler):
    """Run one change of a sweepstakes: commit and redirect, or show why with nothing stored."""

    def view(campaign_id: int):
        campaign = _campaign(campaign_id)
        try:
            handler(campaign)
            db.session.commit()
        except SweepstakesRefused as error:
            _refused(error)
            return _edit_page(_campaign(campaign_id), status=error.status)
        return redirect(url_for(".edit", campaign_id=campaign.id))

    view.__name__ = handler.__name__
    return requires("campaigns")(view)


@bp.post("/<int:campaign_id>/settings")
@_action
def save_settings(campaign):
    zone = ZoneInfo(current_brand().timezone)
    builder.update_campaign(
        campaign,
        title=request.form.get("title", ""),
        starts_at=_moment("starts_at", zone),
        ends_at=_moment("ends_at", zone),
        values=_values_from_form(),
    )
    flash("Settings saved.", "info")


@bp.post("/<int:campaign_id>/go-live")
@_action
def go_live(campaign):
    builder.go_live(campaign, now=clock.now())
    flash("The sweepstakes is live: its rules hash and seed commitment are published.", "info")


@bp.post("/<int:campaign_id>/close")
@_action
def close(campaign):
    builder.close(campaign)
    flash("Entries are closed. You can now draw the winners.", "info")


@bp.post("/<int:campaign_id>/draw")
@_action
def make_draw(campaign):
    drawing.make_draw(campaign, now=clock.now(), by_user_id=current_user.id)
    flash("The winners are drawn; the draw page shows how to check them.", "info")


@bp.post("/<int:campaign_id>/redraw")
@_action
def redraw(campaign):
    code = request.form.get("code", "").strip().lower()
    drawing.redraw(
        campaign, code, request.form.get("reason", ""), now=clock.now(), by_user_id=current_user.id
    )
    flash(f"{code} is disqualified; the next alternate takes the place.", "info")
