"""The fan's photo contest under /e/<brand>/<campaign>/photo: a page, then JSON per action.

Views are thin: find the campaign and the fan, call a service, commit once, answer JSON.
"""

from flask import abort, g, jsonify, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address

from app import clock
from app.campaigns.fan_api import kind_fan_blueprint, refuse
from app.extensions import db, limiter
from app.identity.fan_session import (
    SESSION_KEY,
    fan_profile,
    fan_user,
    is_guest,
    retry_on_conflict,
)
from app.media import UploadRejected, media_url
from app.models import Brand, Campaign
from contests.photo import (
    entries,
    errors,
    gallery,
    moderation,
    payloads,
    settings,
    translations,
    voting,
)
from contests.photo.settings import KIND_KEY

# Per fan (the browser's fan user), else per address: enough for a keen fan, not for a script.
VOTE_LIMIT = "60 per minute"

bp = kind_fan_blueprint("photo", __name__, "photo", (KIND_KEY,))


@bp.url_value_preprocessor
def _check_entry_id(endpoint, values) -> None:
    if "entry_id" in values and errors.row_id(values["entry_id"]) is None:
        if endpoint == "photo.entry_page":
            abort(404)
        raise errors.not_found()


@bp.errorhandler(UploadRejected)
def _upload_rejected(error: UploadRejected):
    return refuse(error.message, error.reason, 400)


def _fan_key() -> str:
    user_id = session.get(SESSION_KEY)
    return f"fan:{user_id}" if user_id is not None else f"ip:{get_remote_address()}"


def _campaign() -> Campaign:
    return g.campaign


def _fan(create: bool = True):
    return fan_profile(g.campaign_brand, create_guest=create)


def _done(payload: dict, status: int = 200):
    db.session.commit()
    return jsonify(payload), status


def play_page(campaign: Campaign, brand: Brand) -> str:
    """The contest page: the upload form, the fan's entries, the gallery. Also the embed's."""
    rules = settings.read(campaign.settings)
    user = fan_user()
    return render_template(
        "contests/photo/play.html",
        campaign=campaign,
        brand=brand,
        rules=rules,
        # The entry questions as the fan reads them: their language, else the brand's default.
        questions=translations.fan_fields(rules),
        # Where the vote buttons are, a fan who may not vote yet is offered the sign-in.
        sign_in_to_vote=not voting.may_vote(rules, user),
        provisional_votes=user is None or is_guest(user),
        max_caption=entries.MAX_CAPTION,
        api=url_for("photo.play", brand_slug=brand.slug, campaign_slug=campaign.slug),
    )


@bp.get("/")
def play():
    return play_page(_campaign(), g.campaign_brand)


@bp.post("/entries")
def submit():
    fields = {
        name.removeprefix("field_"): value
        for name, value in request.form.items()
        if name.startswith("field_")
    }
    entry = entries.submit(
        _campaign(),
        _fan(),
        request.files.get("photo"),
        caption=request.form.get("caption", ""),
        fields=fields,
        now=clock.now(),
    )
    return _done({"entry": payloads.entry(entry, mine=True)}, 201)


@bp.get("/mine")
def mine():
    found = entries.fan_entries(_campaign(), _fan(create=False))
    return jsonify(entries=[payloads.entry(entry, mine=True) for entry in found])


@bp.get("/gallery")
def gallery_page():
    campaign = _campaign()
    found = gallery.page(
        campaign,
        sort=request.args.get("sort", "newest"),
        number=request.args.get("page", 1, type=int),
    )
    voted = voting.voted_entry_ids(campaign, _fan(create=False), clock.now())
    return jsonify(
        entries=[payloads.entry(entry, voted=entry.id in voted) for entry in found.entries],
        page=found.number,
        has_more=found.has_more,
    )


@bp.post("/entries/<int:entry_id>/vote")
@limiter.limit(VOTE_LIMIT, key_func=_fan_key)
@retry_on_conflict
def vote(entry_id: int):
    campaign, now = _campaign(), clock.now()
    voting.admit(campaign, fan_user(), now)
    fan = _fan()
    entry = voting.vote(campaign, fan, entry_id, now=now)
    payload = {"entry_id": entry.id, "vote_count": entry.vote_count, "voted": True}
    if is_guest(fan.user):
        payload["provisional"] = True
    return _done(payload)


@bp.post("/entries/<int:entry_id>/report")
def report(entry_id: int):
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise errors.malformed(_("Send the report as a JSON object."))
    entry = gallery.shown_entry(_campaign(), entry_id)
    if entry is None:
        raise errors.not_found()
    moderation.report(entry, _fan(), body.get("reason"), now=clock.now())
    return _done({"ok": True})


@bp.get("/entries/<int:entry_id>")
def entry_page(entry_id: int):
    """An entry's own page, to share: Open Graph tags carry its photo."""
    campaign = _campaign()
    entry = gallery.shown_entry(campaign, entry_id)
    if entry is None:
        abort(404)
    image = media_url(entry.media, "display")
    return render_template(
        "contests/photo/entry.html",
        campaign=campaign,
        brand=g.campaign_brand,
        entry=entry,
        author=entry.fan.user.display_name or _("A fan"),
        page_url=url_for("photo.entry_page", entry_id=entry.id, _external=True),
        image_url=image if "://" in image else request.host_url.rstrip("/") + image,
        play_url=url_for(
            "embed.campaign", brand_slug=g.campaign_brand.slug, campaign_slug=campaign.slug
        ),
    )
