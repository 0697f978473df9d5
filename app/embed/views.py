"""Fan pages: the brand home, a campaign's page (drawn by its kind), consent, the cookie probe."""

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from app import analytics, badges, demo
from app.campaigns import get_kind
from app.campaigns.languages import translated
from app.embed import services
from app.extensions import db
from app.fanpage import framing
from app.fanpage.brands import load_brand
from app.fanpage.messages import home_action, message, unknown_brand
from app.identity import fan_consent, fan_names
from app.identity.fan_session import fan_profile
from app.identity.fan_tokens import make_brand_token

bp = Blueprint("embed", __name__)


@bp.get("/e/<brand_slug>")
def home(brand_slug):
    brand = g.brand
    if brand is None:
        framing.allow_anyone()
        return unknown_brand()
    framing.allow_brand(brand)
    return _home_page(brand, fan_profile(brand))


def _home_page(brand, fan, status: int = 200, **context):
    notices = badges.unseen_notices(fan)
    db.session.commit()  # the notices are shown once
    return render_template(
        "embed/home.html",
        summary=services.fan_summary(brand, fan),
        campaigns=services.live_campaigns(brand),
        badge_notices=notices,
        badge_shelf=badges.shelf(fan),
        fan_level=badges.level(fan),
        **context,
    ), status


@bp.post("/fan/<brand_slug>/name")
def rename(brand_slug):
    """The fan chooses the name boards and galleries show instead of their pseudonym."""
    brand = g.brand
    if brand is None:
        return unknown_brand()
    framing.allow_brand(brand)
    fan = fan_profile(brand)
    if fan is None:
        return redirect(url_for("embed.home", brand_slug=brand.slug), 303)
    typed = request.form.get("display_name")
    try:
        name = fan_names.rename(fan.user, typed)
    except fan_names.NameRefused as refused:
        return _home_page(brand, fan, 422, name_problem=refused.message, name_typed=typed or "")
    db.session.commit()
    flash(_("Saved: you now appear as %(name)s.", name=name))
    return redirect(url_for("embed.home", brand_slug=brand.slug), 303)


@bp.post("/e/<brand_slug>/badges/<award_uuid>/public")
def badge_visibility(brand_slug, award_uuid):
    """The fan shows or hides the public page of one of their badges."""
    brand = g.brand
    if brand is None:
        framing.allow_anyone()
        return unknown_brand()
    fan = fan_profile(brand)
    if (
        fan is None
        or badges.set_public(fan, award_uuid, request.form.get("public") == "yes") is None
    ):
        abort(404)
    db.session.commit()
    return redirect(url_for("embed.home", brand_slug=brand.slug), 303)


@bp.get("/e/<brand_slug>/<campaign_slug>")
def campaign(brand_slug, campaign_slug):
    brand = g.brand
    if brand is None:
        framing.allow_anyone()
        return unknown_brand()
    framing.allow_brand(brand)
    found = services.find_campaign(brand, campaign_slug)
    if found is None:
        return message(
            _("Campaign not found"),
            _("This campaign does not exist, or its link is wrong."),
            actions=[home_action(brand)],
            status=404,
        )
    if not services.is_live(found):
        if found.status in ("closed", "archived") or (
            found.ends_at is not None and found.status == "live"
        ):
            body = _("This campaign has ended. Thank you for taking part!")
        else:
            body = _("This campaign is not open yet. Come back soon!")
        title = translated(found, "title")
        return message(title, body, actions=[home_action(brand)], status=200)
    fan = fan_profile(brand)
    try:
        kind = get_kind(found.kind)
    except ValueError:
        kind = None
    response = kind.fan_page(found, fan) if kind is not None else None
    if response is None:
        response = render_template("embed/campaign.html", campaign=found)
    # Once the page is made: the view's last write, committed here (app/analytics).
    analytics.campaign_viewed(found, fan)
    return response


@bp.post("/fan/<brand_slug>/consent")
def consent(brand_slug):
    brand = g.brand
    if brand is None:
        return unknown_brand()
    framing.allow_brand(brand)
    fan = fan_profile(brand)
    back = safe_next(request.form.get("next"), brand)
    text = fan_consent.current_text(brand)
    if fan is None or text is None:
        return redirect(back, 303)
    if request.form.get("action") == "later":
        if request.form.get("version") == text.version:
            fan_consent.put_off(brand, text)
    elif request.form.get("action") == "withdraw":
        if fan_consent.withdraw(fan) is not None:
            flash(
                _("Done: you will not receive marketing messages from %(brand)s.", brand=brand.name)
            )
    elif request.form.get("version") != text.version:
        # The text changed while the page was open: the fan answered something else.
        flash(_("The consent text has just changed. Please read it and choose again."))
    else:
        granted = request.form.get("marketing") == "yes"
        fan_consent.record_choice(fan, text, granted)
        flash(_("Thank you, your choice is saved.") if granted else _("Your choice is saved."))
    db.session.commit()
    return redirect(back, 303)


@bp.get("/fan/probe")
def probe():
    """Did the session cookie set by the page come back? If not, cookies are blocked here."""
    return jsonify(cookies=bool(session.get("csrf_token")))


@bp.get("/demo/host")
def demo_host():
    """A stand-in for a brand's own site, to be opened on another origin than the app."""
    if not current_app.config.get("DEMO_HOST"):
        return message(_("Page not found"), _("The demo host page is turned off."), status=404)
    brand = load_brand(demo.BRAND_SLUG)
    if brand is None:
        return message(
            _("No demo brand yet"), _("Run `superfan demo` first, then reload."), status=404
        )
    fan_token = None
    if request.args.get("customer") and brand.embed_secret:
        fan_token = make_brand_token(brand, "demo-customer-1", name="Demo Customer")
    app_origin = current_app.config["BASE_URL"].rstrip("/")
    return render_template(
        "embed/demo_host.html",
        brand=brand,
        app_origin=app_origin,
        same_origin=app_origin == request.host_url.rstrip("/"),
        cross_site_url=demo.demo_host_origin() + url_for("embed.demo_host"),
        fan_token=fan_token,
        campaign=request.args.get("campaign", ""),
    )


def safe_next(value: str | None, brand) -> str:
    """A local fan path to go back to; anything else goes to the brand home."""
    parts = urlsplit(value or "")
    if not parts.scheme and not parts.netloc and parts.path.startswith(("/e/", "/fan/")):
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return url_for("embed.home", brand_slug=brand.slug)
