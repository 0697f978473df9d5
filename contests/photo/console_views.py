"""Console pages for photo contests: /console/<brand>/photo-contests/...

Building a contest needs the "campaigns" permission; the moderation queue, decisions and
the watched words need "moderate" (moderators too). Views are thin: parse the form, call a
service, commit once, redirect.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app import clock
from app.console.access import (
    add_nav_page,
    brand_blueprint,
    brand_campaign,
    current_brand,
    requires,
)
from app.extensions import db
from app.media import media_url
from contests.photo import campaigns, guest_votes, moderation, settings, watched_words
from contests.photo.campaigns import KIND_KEY, CampaignRefused
from contests.photo.models import ENTRY_STATUSES, WORD_ACTIONS, PhotoEntry, PhotoVote

bp = brand_blueprint("photo_console", __name__, "/photo-contests")
bp.record_once(
    lambda state: add_nav_page(
        state.app, "photo_console.moderation_queue", "Moderation", "moderate"
    )
)

WORD_LABELS = {
    "block": "Block: refuse the entry",
    "mask": "Mask: replace with asterisks",
    "hold": "Hold: wait for a moderator",
    "flag": "Flag: show, but mark for a look",
}


class FormRefused(CampaignRefused):
    """A form field that cannot be read."""


def _int(name: str, default: int) -> int:
    value = request.form.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise FormRefused(f"{name.replace('_', ' ').capitalize()} must be a number.") from None


def _moment(name: str, zone: ZoneInfo) -> datetime | None:
    """A datetime-local field, read in the brand's time zone."""
    value = request.form.get(name, "").strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=zone)
    except ValueError:
        raise FormRefused(f"{name.replace('_', ' ').capitalize()} is not a date.") from None


def _fields_from_text(text: str) -> list[dict]:
    """One field per line, "key: Label", with a trailing * when the field is required."""
    found = []
    for line in text.splitlines():
        if not line.strip():
            continue
        key, _, label = line.partition(":")
        label = label.strip()
        required = label.endswith("*")
        found.append({"key": key.strip(), "label": label.rstrip("*").strip(), "required": required})
    return found


def _fields_as_text(fields: list[dict]) -> str:
    return "\n".join(
        f"{item['key']}: {item['label']}{' *' if item.get('required') else ''}" for item in fields
    )


def _rules_from_form(zone: ZoneInfo) -> dict:
    defaults = settings.PhotoRules()
    starts, ends = _moment("voting_starts_at", zone), _moment("voting_ends_at", zone)
    return {
        "moderation": request.form.get("moderation", defaults.moderation),
        "vote_rule": request.form.get("vote_rule", defaults.vote_rule),
        "max_votes_per_day": _int("max_votes_per_day", defaults.max_votes_per_day),
        "max_entries_per_fan": _int("max_entries_per_fan", defaults.max_entries_per_fan),
        "who_votes": request.form.get("who_votes", defaults.who_votes),
        "guest_votes_per_device": _int("guest_votes_per_device", defaults.guest_votes_per_device),
        "guest_votes_per_network": _int(
            "guest_votes_per_network", defaults.guest_votes_per_network
        ),
        "voting_starts_at": starts.isoformat() if starts else None,
        "voting_ends_at": ends.isoformat() if ends else None,
        "fields": _fields_from_text(request.form.get("fields", "")),
    }


def _refused(error: CampaignRefused) -> None:
    db.session.rollback()
    for problem in error.problems:
        flash(problem, "error")


def _campaign_or_404(campaign_id: int):
    return brand_campaign(campaign_id, kind=KIND_KEY)


@bp.route("/new", methods=["GET", "POST"])
@requires("campaigns")
def new():
    if request.method == "POST":
        try:
            campaign = campaigns.create(
                current_brand(),
                title=request.form.get("title", ""),
                slug=request.form.get("slug", ""),
            )
            db.session.commit()
            return redirect(url_for(".edit", campaign_id=campaign.id))
        except CampaignRefused as error:
            _refused(error)
    return render_template("contests/photo/console/new.html")


@bp.get("/<int:campaign_id>")
@requires("campaigns")
def edit(campaign_id: int):
    campaign = _campaign_or_404(campaign_id)
    zone = ZoneInfo(current_brand().timezone)
    rules = settings.read(campaign.settings)
    starts, ends = rules.voting_window()

    def local(moment):
        return moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M") if moment else ""

    return render_template(
        "contests/photo/console/edit.html",
        campaign=campaign,
        rules=rules,
        fields_text=_fields_as_text(rules.fields),
        local=local,
        voting_starts=local(starts),
        voting_ends=local(ends),
        problems=settings.problems(campaign.settings),
        max_guest_device=settings.MAX_GUEST_VOTES_PER_DEVICE,
        max_guest_network=settings.MAX_GUEST_VOTES_PER_NETWORK,
        fan_url=url_for("photo.play", brand_slug=current_brand().slug, campaign_slug=campaign.slug),
    )


@bp.post("/<int:campaign_id>/settings")
@requires("campaigns")
def save_settings(campaign_id: int):
    campaign = _campaign_or_404(campaign_id)
    zone = ZoneInfo(current_brand().timezone)
    try:
        campaigns.update(
            campaign,
            title=request.form.get("title", ""),
            rules_text=request.form.get("rules_text", ""),
            starts_at=_moment("starts_at", zone),
            ends_at=_moment("ends_at", zone),
            rules=_rules_from_form(zone),
        )
        db.session.commit()
        flash("Settings saved.", "info")
    except CampaignRefused as error:
        _refused(error)
    return redirect(url_for(".edit", campaign_id=campaign_id))


@bp.post("/<int:campaign_id>/status")
@requires("campaigns")
def change_status(campaign_id: int):
    campaign = _campaign_or_404(campaign_id)
    try:
        campaigns.set_status(campaign, request.form.get("status", ""))
        db.session.commit()
        flash(f"The contest is now {campaign.status}.", "info")
    except CampaignRefused as error:
        _refused(error)
    return redirect(url_for(".edit", campaign_id=campaign_id))


@bp.get("/moderation")
@requires("moderate")
def moderation_queue():
    brand = current_brand()
    status = request.args.get("status", "queue")
    if status == "queue":
        found = moderation.queue(brand)
    elif status in ENTRY_STATUSES:
        found = moderation.entries_with_status(brand, status)
    else:
        abort(404)
    return render_template(
        "contests/photo/console/moderation.html",
        status=status,
        statuses=("queue", *ENTRY_STATUSES),
        entries=found,
        provisional=guest_votes.provisional_counts(
            PhotoVote.entry_id.in_([entry.id for entry in found])
        ),
        log=moderation.log,
        image=lambda entry: media_url(entry.media, "display"),
    )


@bp.post("/entries/<int:entry_id>/decide")
@requires("moderate")
def decide(entry_id: int):
    entry: PhotoEntry | None = moderation.brand_entry(current_brand(), entry_id)
    if entry is None:
        abort(404)
    try:
        moderation.decide(
            entry,
            request.form.get("action", ""),
            request.form.get("reason", ""),
            actor=current_user,
            now=clock.now(),
        )
        db.session.commit()
        flash(f"Entry #{entry_id} is now {entry.status}.", "info")
    except moderation.DecisionRefused as error:
        db.session.rollback()
        flash(str(error), "error")
    return redirect(url_for(".moderation_queue", status=request.args.get("back", "queue")))


@bp.route("/watched-words", methods=["GET", "POST"])
@requires("moderate")
def words():
    brand = current_brand()
    if request.method == "POST":
        try:
            watched = watched_words.add(
                brand, request.form.get("word", ""), request.form.get("action", "")
            )
            db.session.commit()
            flash(f"“{watched.word}” is now watched.", "info")
            return redirect(url_for(".words"))
        except watched_words.WordRefused as error:
            db.session.rollback()
            flash(str(error), "error")
    return render_template(
        "contests/photo/console/words.html",
        words=watched_words.words_of(brand),
        labels=WORD_LABELS,
        actions=WORD_ACTIONS,
    )


@bp.post("/watched-words/<int:word_id>/delete")
@requires("moderate")
def delete_word(word_id: int):
    try:
        watched_words.remove(current_brand(), word_id)
        db.session.commit()
        flash("The word is no longer watched.", "info")
    except watched_words.WordRefused as error:
        db.session.rollback()
        flash(str(error), "error")
    return redirect(url_for(".words"))
