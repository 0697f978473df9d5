"""The fan's quiz endpoints under /e/<brand>/<campaign>/quiz: a page, then JSON per screen.

Views are thin: find the campaign and the fan, call a service, commit once, answer JSON.
"""

import re

from flask import (
    Response,
    abort,
    g,
    jsonify,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from app import clock
from app.campaigns.fan_api import kind_fan_blueprint
from app.campaigns.languages import text_in, translated
from app.campaigns.refusals import Refused
from app.engagement import record
from app.extensions import db
from app.identity.fan_session import fan_profile
from app.models import Brand, Campaign
from games.quiz import attempts, errors, gameplay, payloads, polls, share_image, sharing
from games.quiz.models import QuizAttempt
from games.quiz.quiz_types import TYPES, quiz_type

bp = kind_fan_blueprint("quiz", __name__, "quiz", TYPES)

REFERRAL_CODE = re.compile(r"[A-Za-z0-9_-]{1,16}")


def _campaign() -> Campaign:
    return g.campaign


def _kind() -> str:
    return quiz_type(g.campaign)


def _fan(create: bool = True):
    return fan_profile(g.campaign_brand, create_guest=create)


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise errors.malformed(_("Send the answer as a JSON object."))
    return body


def _done(payload: dict, status: int = 200):
    db.session.commit()
    return jsonify(payload), status


def _remember_referral(campaign: Campaign) -> None:
    """Keep the sharer's code from a share link until this fan starts playing."""
    code = request.args.get("ref", "")
    if REFERRAL_CODE.fullmatch(code):
        session[f"quiz_ref:{campaign.id}"] = code


def play_page(campaign: Campaign, brand: Brand) -> str:
    """The play page of a quiz: the screens the script fills, one question at a time.

    Also what the embed shell shows at /e/<brand>/<campaign> (the kind's fan_page hook).
    """
    _remember_referral(campaign)
    return render_template(
        "games/quiz/play.html",
        campaign=campaign,
        brand=brand,
        kind=quiz_type(campaign),
        api=url_for("quiz.play", brand_slug=brand.slug, campaign_slug=campaign.slug),
    )


@bp.get("/")
def play():
    return play_page(_campaign(), g.campaign_brand)


@bp.post("/view")
def view():
    """The play page was shown: the first step of the funnel, once per fan and quiz."""
    fan = _fan()
    campaign = _campaign()
    record(
        fan,
        "campaign_viewed",
        campaign=campaign,
        ref=f"quiz:{campaign.id}",
        key=f"quiz-view:{campaign.id}:{fan.id}",
        at=clock.now(),
    )
    return _done({"ok": True})


@bp.get("/state")
def state():
    """Where this fan is: a question in play, a finished game, or nothing yet."""
    campaign, fan, now = _campaign(), _fan(create=False), clock.now()
    payload = {
        "kind": _kind(),
        "title": translated(campaign, "title"),
        "question": None,
        "result": None,
    }
    try:
        attempts.check_open(campaign, now)
        payload["open"] = True
    except Refused as refused:
        payload |= {"open": False, "message": refused.message}
    if _kind() == "poll":
        payload["questions"] = [payloads.poll_question(q) for q in polls.view(campaign, fan)]
        return jsonify(payload)
    if fan is not None:
        attempt = attempts.open_attempt(campaign, fan)
        row = gameplay.served(attempt) if attempt is not None else None
        if row is not None:
            payload["question"] = payloads.question(attempt, row, now)
        elif attempt is not None:
            payload["between_questions"] = True
        elif attempts.best_attempt(campaign, fan) is not None:
            payload["result"] = payloads.result(_kind(), attempts.result(campaign, fan))
    return jsonify(payload)


@bp.post("/start")
def start():
    campaign, fan, now = _campaign(), _fan(), clock.now()
    code = session.pop(f"quiz_ref:{campaign.id}", None)
    attempt = gameplay.start(campaign, fan, now=now, referral_code=code)
    row = gameplay.served(attempt)
    return _done({"question": payloads.question(attempt, row, now)})


@bp.post("/next")
def next_question():
    campaign, fan, now = _campaign(), _fan(), clock.now()
    row = gameplay.next_question(campaign, fan, now=now)
    if row is None:
        return _done({"question": None, "finished": True})
    attempt = attempts.open_attempt(campaign, fan)
    return _done({"question": payloads.question(attempt, row, now), "finished": False})


@bp.post("/answer")
def answer():
    body = _body()
    campaign, fan = _campaign(), _fan()
    judged = gameplay.answer(
        campaign, fan, body.get("question_id"), body.get("choice_ids"), now=clock.now()
    )
    return _done(payloads.judged(_kind(), judged))


@bp.post("/timeout")
def time_out():
    body = _body()
    judged = gameplay.time_out(_campaign(), _fan(), body.get("question_id"), now=clock.now())
    return _done(payloads.judged(_kind(), judged))


@bp.get("/result")
def result():
    fan = _fan(create=False)
    if fan is None:
        raise Refused(_("There is no finished game to show yet."), code="no_result", status=404)
    attempt_id = request.args.get("attempt", type=int)
    found = attempts.result(_campaign(), fan, attempt_id)
    return jsonify(payloads.result(_kind(), found))


@bp.post("/share")
def share():
    body = _body()
    campaign, fan = _campaign(), _fan()
    shared = sharing.share(campaign, fan, body.get("attempt_id"))
    url = url_for("quiz.share_page", token=shared.token, ref=fan.referral_code, _external=True)
    return _done({"url": url, "image_url": url_for("quiz.share_png", token=shared.token)})


@bp.post("/vote")
def vote():
    body = _body()
    voted = polls.vote(
        _campaign(), _fan(), body.get("question_id"), body.get("choice_id"), now=clock.now()
    )
    return _done(payloads.poll_question(voted))


def _shared_result(token: str) -> dict:
    """What a share shows: the score or outcome, never who the fan is."""
    campaign = _campaign()
    shared = sharing.find(campaign, token)
    if shared is None:
        abort(404)
    attempt = db.session.get(QuizAttempt, shared.attempt_id)
    total = len(attempt.snapshot["questions"])
    if _kind() == "personality":
        outcome = next(
            (o for o in attempt.snapshot["outcomes"] if o["id"] == attempt.outcome_id), None
        )
        headline = (
            text_in(outcome["title"], outcome.get("translations"), "title")
            if outcome
            else translated(campaign, "title")
        )
        subline = _("I got")
    else:
        headline = f"{attempt.correct_count}/{total}"
        subline = _("I scored")
    return {
        "headline": headline,
        "subline": subline,
        "title": translated(campaign, "title"),
        "brand_name": g.campaign_brand.name,
        "theme": g.campaign_brand.theme or {},
    }


@bp.get("/s/<token>")
def share_page(token: str):
    content = _shared_result(token)
    _remember_referral(_campaign())
    code = request.args.get("ref", "")
    play_url = url_for(
        "embed.campaign",
        brand_slug=g.campaign_brand.slug,
        campaign_slug=_campaign().slug,
        ref=code if REFERRAL_CODE.fullmatch(code) else None,
    )
    return render_template(
        "games/quiz/share.html",
        campaign=_campaign(),
        brand=g.campaign_brand,
        content=content,
        page_url=url_for("quiz.share_page", token=token, _external=True),
        image_url=url_for("quiz.share_png", token=token, _external=True),
        play_url=play_url,
    )


@bp.get("/s/<token>/image.png")
def share_png(token: str):
    content = _shared_result(token)
    data = share_image.cached(token, g.campaign_brand.id, **content)
    response = Response(data, mimetype="image/png")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
