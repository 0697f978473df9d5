"""Console pages for photo contests: /console/<brand>/photo-contests/...

A contest is made, set up and moved between statuses by the common campaign flow
(app/console/views/campaigns.py); here are the moderation queue, decisions and the watched
words, which need "moderate" (moderators too). Views are thin: parse the form, call a
service, commit once, redirect.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_login import current_user

from app import clock
from app.campaigns.refusals import Refused
from app.console.access import add_nav_page, current_brand, requires
from app.console.kind_pages import kind_console_blueprint
from app.console.paging import search_text
from app.extensions import db
from app.media import media_url
from contests.photo import guest_votes, moderation, watched_words
from contests.photo.models import ENTRY_STATUSES, WORD_ACTIONS, PhotoEntry, PhotoVote
from contests.photo.settings import KIND_KEY

bp = kind_console_blueprint("photo_console", __name__, "/photo-contests", kinds=(KIND_KEY,))
bp.record_once(
    lambda state: add_nav_page(
        state.app, "photo_console.moderation_queue", lazy_gettext("Moderation"), "moderate"
    )
)

WORD_LABELS = {
    "block": lazy_gettext("Block: refuse the entry"),
    "mask": lazy_gettext("Mask: replace with asterisks"),
    "hold": lazy_gettext("Hold: wait for a moderator"),
    "flag": lazy_gettext("Flag: show, but mark for a look"),
}
# What an entry's status is called in the flash after a decision.
STATUS_WORDS = {
    "pending": lazy_gettext("pending"),
    "approved": lazy_gettext("approved"),
    "rejected": lazy_gettext("rejected"),
    "disqualified": lazy_gettext("disqualified"),
}


@bp.get("/moderation")
@requires("moderate")
def moderation_queue():
    status = request.args.get("status", "queue")
    if status not in ("queue", *ENTRY_STATUSES):
        abort(404)
    found = moderation.listed(current_brand(), status, search_text())
    return render_template(
        "contests/photo/console/moderation.html",
        status=status,
        statuses=("queue", *ENTRY_STATUSES),
        entries=found,
        q=search_text(),
        provisional=guest_votes.provisional_counts(
            PhotoVote.entry_id.in_([entry.id for entry in found.items])
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
        flash(
            _("Entry #%(id)d is now %(status)s.", id=entry_id, status=STATUS_WORDS[entry.status]),
            "info",
        )
    except Refused as error:
        db.session.rollback()
        flash(str(error), "error")
    # Back to the tab, search and page the moderator was on.
    back = {key: request.args.get(key) for key in ("q", "page") if request.args.get(key)}
    return redirect(url_for(".moderation_queue", status=request.args.get("back", "queue"), **back))


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
            flash(_("“%(word)s” is now watched.", word=watched.word), "info")
            return redirect(url_for(".words"))
        except Refused as error:
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
        flash(_("The word is no longer watched."), "info")
    except Refused as error:
        db.session.rollback()
        flash(str(error), "error")
    return redirect(url_for(".words"))
