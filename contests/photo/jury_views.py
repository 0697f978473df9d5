"""Console pages of a photo contest's jury: /console/<brand>/photo-contests/...

Managers seat jurors and publish winners ("campaigns"); any member seated on a contest's jury
scores its entries blind from "Jury scoring" ("read", and a seat on that jury). Views are
thin: call jury.py or winners.py, commit once, redirect; refused input re-renders the page
with a 422 and the problem beside its field.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext, ngettext
from flask_login import current_user

from app.console.access import (
    add_nav_page,
    current_brand,
    requires,
)
from app.console.kind_pages import current_campaign, kind_console_blueprint
from app.console.services import Invalid
from app.extensions import db
from app.media import media_url
from contests.photo import jury, winners
from contests.photo import winner_rules as rules_of_winners
from contests.photo.jury_models import SCORE_MAX, SCORE_MIN

bp = kind_console_blueprint("photo_jury", __name__, "/photo-contests", kinds=(jury.PHOTO_KIND,))


def init_app(app) -> None:
    """Plug the jury into an app: its pages and its nav entry."""
    app.register_blueprint(bp)
    add_nav_page(app, "photo_jury.my_contests", lazy_gettext("Jury scoring"), "read")


def _refused(page, campaign, error: Invalid):
    db.session.rollback()
    return page(campaign, problems=error.problems, form=request.form, status=422)


@bp.get("/jury")
@requires("read")
def my_contests():
    contests = jury.contests_to_judge(current_brand(), current_user.id)
    return render_template("contests/photo/jury_index.html", contests=contests)


# Jurors, for managers.


def _jurors_page(campaign, *, problems=None, form=None, status=200):
    return render_template(
        "contests/photo/jury_jurors.html",
        campaign=campaign,
        jurors=jury.jurors(campaign),
        candidates=jury.candidates(campaign),
        published=jury.winners_published(campaign),
        problems=problems or {},
        form=form or {},
    ), status


@bp.route("/<int:campaign_id>/jurors", methods=["GET", "POST"])
@requires("campaigns")
def jurors(campaign_id: int):
    campaign = current_campaign()
    if request.method == "GET":
        return _jurors_page(campaign)
    try:
        juror = jury.seat_juror(campaign, request.form.get("user_id"))
    except Invalid as error:
        return _refused(_jurors_page, campaign, error)
    email = juror.user.email
    db.session.commit()
    flash(gettext("%(email)s is on the jury.", email=email))
    return redirect(url_for(".jurors", campaign_id=campaign.id))


@bp.post("/<int:campaign_id>/jurors/<int:juror_id>/remove")
@requires("campaigns")
def unseat(campaign_id: int, juror_id: int):
    campaign = current_campaign()
    try:
        juror = jury.unseat_juror(campaign, juror_id)
    except Invalid as error:
        return _refused(_jurors_page, campaign, error)
    if juror is None:
        abort(404)
    db.session.commit()
    flash(gettext("The juror and their scores are off the jury."))
    return redirect(url_for(".jurors", campaign_id=campaign.id))


# A juror's blind scoring, and the household they declare.


def _seat(campaign):
    """The signed-in member's seat on this contest's jury; 403 without one."""
    return jury.juror_of(campaign, current_user.id) or abort(403)


def _scoring_page(campaign, *, problems=None, form=None, status=200):
    juror = _seat(campaign)
    queue = [
        (entry, score, media_url(entry.media, "display"))
        for entry, score in jury.scoring_queue(juror)
    ]
    return render_template(
        "contests/photo/jury_scoring.html",
        campaign=campaign,
        queue=queue,
        household=jury.household(juror),
        published=jury.winners_published(campaign),
        scores=range(SCORE_MIN, SCORE_MAX + 1),
        problems=problems or {},
        form=form or {},
    ), status


@bp.route("/<int:campaign_id>/scoring", methods=["GET", "POST"])
@requires("read")
def scoring(campaign_id: int):
    campaign = current_campaign()
    if request.method == "GET":
        return _scoring_page(campaign)
    try:
        jury.score_entry(_seat(campaign), request.form.get("entry_id"), request.form.get("score"))
    except Invalid as error:
        return _refused(_scoring_page, campaign, error)
    db.session.commit()
    flash(gettext("Score saved."))
    return redirect(url_for(".scoring", campaign_id=campaign.id))


@bp.post("/<int:campaign_id>/household")
@requires("read")
def declare(campaign_id: int):
    campaign = current_campaign()
    try:
        member = jury.declare_household_member(_seat(campaign), request.form.get("email", ""))
    except Invalid as error:
        return _refused(_scoring_page, campaign, error)
    email = member.email
    db.session.commit()
    flash(gettext("Entries by %(email)s are off your list.", email=email))
    return redirect(url_for(".scoring", campaign_id=campaign.id))


@bp.post("/<int:campaign_id>/household/<int:member_id>/remove")
@requires("read")
def withdraw(campaign_id: int, member_id: int):
    campaign = current_campaign()
    if jury.withdraw_household_member(_seat(campaign), member_id) is None:
        abort(404)
    db.session.commit()
    flash(gettext("Household member removed."))
    return redirect(url_for(".scoring", campaign_id=campaign.id))


# Winners, for managers.


def _winners_page(campaign, *, problems=None, form=None, status=200):
    rules = rules_of_winners.read_rules(campaign.settings)
    board = winners.published(campaign)
    return render_template(
        "contests/photo/jury_winners.html",
        campaign=campaign,
        rules=rules,
        published=[(w, e, author, media_url(e.media, "thumb")) for w, e, author in board],
        standings=[] if board else winners.standings(campaign, rules),
        thumb=lambda entry: media_url(entry.media, "thumb"),
        methods=rules_of_winners.METHOD_LABELS,
        tie_rule=rules_of_winners.TIE_RULE,
        problems=problems or {},
        form=form or {},
    ), status


@bp.get("/<int:campaign_id>/winners")
@requires("campaigns")
def winners_page(campaign_id: int):
    return _winners_page(current_campaign())


@bp.post("/<int:campaign_id>/winners/rules")
@requires("campaigns")
def winner_rules(campaign_id: int):
    campaign = current_campaign()
    try:
        rules_of_winners.change_rules(campaign, request.form)
    except Invalid as error:
        return _refused(_winners_page, campaign, error)
    db.session.commit()
    flash(gettext("Winner rules saved."))
    return redirect(url_for(".winners_page", campaign_id=campaign.id))


@bp.post("/<int:campaign_id>/winners/publish")
@requires("campaigns")
def publish(campaign_id: int):
    campaign = current_campaign()
    try:
        chosen = winners.publish(campaign, current_user.id)
    except Invalid as error:
        return _refused(_winners_page, campaign, error)
    db.session.commit()
    flash(ngettext("%(num)d winner published.", "%(num)d winners published.", len(chosen)))
    return redirect(url_for(".winners_page", campaign_id=campaign.id))
