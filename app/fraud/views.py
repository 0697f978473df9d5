"""The console's Fraud page: fans at risk with their reasons, flag and clear with a reason."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.campaigns.refusals import Refused
from app.conflicts import retrying
from app.console.access import brand_blueprint, current_brand, current_role, requires
from app.console.paging import search_text
from app.console.services import access_log
from app.extensions import db
from app.fraud import decisions, review

bp = brand_blueprint("console_fraud", __name__, "/fraud")


def _page(status: int = 200, problems: dict | None = None):
    brand = current_brand()
    emails = access_log.sees_emails(current_user.user, brand, current_role())
    return render_template(
        "console/fraud.html",
        cases=review.cases(brand, search_text(), emails=emails),
        q=search_text(),
        emails=emails,
        log=review.recent_decisions(brand),
        problems=problems or {},
    ), status


@bp.get("/")
@requires("moderate")
def index():
    return _page()


def _decide(fan_id: int, decide, done: str):
    def unit():
        fan = review.fan_of(current_brand(), fan_id) or abort(404)
        decide(fan, current_user.user, request.form.get("reason", ""))
        db.session.commit()

    try:
        retrying(unit)
    except Refused as refusal:
        db.session.rollback()
        return _page(422, {fan_id: refusal.message})
    flash(done)
    # Back to the search and page the moderator was on.
    return redirect(url_for(".index", **_kept()))


def _kept() -> dict:
    return {key: request.args[key] for key in ("q", "page") if request.args.get(key)}


@bp.post("/<int:fan_id>/flag")
@requires("moderate")
def flag(fan_id: int):
    return _decide(
        fan_id,
        decisions.flag,
        _("Fan flagged: held out of leaderboards and winners until cleared."),
    )


@bp.post("/<int:fan_id>/clear")
@requires("moderate")
def clear(fan_id: int):
    return _decide(fan_id, decisions.clear, _("Fan cleared: their points and entries count again."))
