"""The bench's WSGI app: the project's create_app plus a few bench-only endpoints."""

from flask import Blueprint, abort, jsonify, request
from sqlalchemy import bindparam, select, update

from app import clock
from app.campaigns.refusals import Refused
from app.engagement import boards, leaderboards, record
from app.extensions import csrf, db
from app.models import Brand, Campaign, FanProfile
from bench import settings
from contests.photo import voting
from games.quiz import gameplay, payloads

bp = Blueprint("bench", __name__, url_prefix="/bench")
# wrk cannot carry a CSRF token; these endpoints exist only on the bench server.
csrf.exempt(bp)

TOP = 100


@bp.get("/bare")
def bare():
    """The ceiling: what the same app and server answer when the view does nothing."""
    return jsonify(status="ok")


# The floors: the least any endpoint that reads, or durably writes, the database costs here.
FAN_BRAND = select(FanProfile.brand_id).where(FanProfile.id == bindparam("fan_id"))
# A write that changes nothing, yet costs a new row version, a WAL record and the commit's flush.
TOUCH_FAN = (
    update(FanProfile).where(FanProfile.id == bindparam("fan_id")).values(points=FanProfile.points)
)


@bp.get("/floor/read/<int:fan_id>")
def floor_read(fan_id: int):
    """One indexed SELECT through the session: what an endpoint that reads anything pays."""
    return jsonify(brand_id=db.session.execute(FAN_BRAND, {"fan_id": fan_id}).scalar())


@bp.post("/floor/write/<int:fan_id>")
def floor_write(fan_id: int):
    """One UPDATE of the fan's row and a durable commit: what any recorded action pays."""
    db.session.execute(TOUCH_FAN, {"fan_id": fan_id})
    db.session.commit()
    return jsonify(status="ok")


@bp.post("/fans/<int:fan_id>/actions")
def action(fan_id: int):
    """One fan action: look up the fan, record one event, commit at the request's edge."""
    key = request.headers.get("Idempotency-Key")
    if not key:
        abort(400, "send an Idempotency-Key header")
    fan = db.session.get(FanProfile, fan_id) or abort(404)
    record(fan, "campaign_viewed", key=key)
    db.session.commit()
    # The key comes back so the load script can list exactly which actions were accepted.
    return jsonify(key=key)


@bp.get("/fans/<int:fan_id>/leaderboard")
def leaderboard(fan_id: int):
    """The brand's all-time top 100 with names, and the caller's rank among their neighbours."""
    # One column, not the fan and brand objects: the board needs only the brand's id.
    brand_id = db.session.scalar(select(FanProfile.brand_id).where(FanProfile.id == fan_id))
    if brand_id is None:
        abort(404)
    shown = leaderboards.page(boards.Board(brand_id, "all"), fan_id, TOP)

    def rows(standings):
        return [{"rank": s.rank, "name": s.name, "points": s.value} for s in standings]

    you = shown.mine.rank if shown.mine else None
    return jsonify(top=rows(shown.top), you=you, around=rows(shown.around))


def _quiz_fan(fan_id: int) -> tuple[Campaign, FanProfile]:
    """The bench quiz, found by slugs as the fan's quiz views find theirs, and the fan by id."""
    fan = db.session.get(FanProfile, fan_id) or abort(404)
    campaign = db.session.scalar(
        select(Campaign)
        .join(Brand, Brand.id == Campaign.brand_id)
        .where(Brand.slug == settings.BRAND_SLUG, Campaign.slug == settings.QUIZ_SLUG)
    )
    if campaign is None:
        abort(404)
    return campaign, fan


@bp.errorhandler(Refused)
def _refused(error: Refused):
    # As the fan's views do: nothing of a refused request is kept.
    db.session.rollback()
    return jsonify(error=error.message, code=error.code), error.status


@bp.post("/quiz/fans/<int:fan_id>/next")
def quiz_next(fan_id: int):
    """Serve the fan's next question, starting an attempt when none is in play; one commit.

    gameplay.start() is next_question() that also starts: it resumes the attempt in play and
    serves its next question with the same statements, or begins a new one (attempts are
    unlimited) as the fan's /start does. Then served() and the payload, as the fan's views.
    """
    campaign, fan = _quiz_fan(fan_id)
    now = clock.now()
    attempt = gameplay.start(campaign, fan, now=now)
    row = gameplay.served(attempt)
    # The payload before the commit, as the fan's views: a commit expires what it reads.
    payload = {"question": None, "finished": True}
    if row is not None:
        payload = {"question": payloads.question(attempt, row, now), "finished": False}
    db.session.commit()
    return jsonify(payload)


@bp.post("/quiz/fans/<int:fan_id>/answer/<int:question_id>")
def quiz_answer(fan_id: int, question_id: int):
    """Judge the fan's answer to the question served, as the fan's /answer does; one commit."""
    body = request.get_json(silent=True)
    choice_ids = body.get("choice_ids") if isinstance(body, dict) else None
    campaign, fan = _quiz_fan(fan_id)
    judged = gameplay.answer(campaign, fan, question_id, choice_ids, now=clock.now())
    payload = payloads.judged("trivia", judged)
    db.session.commit()
    return jsonify(payload)


@bp.post("/photo/fans/<int:fan_id>/vote/<int:entry_id>")
def photo_vote(fan_id: int, entry_id: int):
    """One fan's vote, as the fan's /vote view casts it (its rules, events, one commit)."""
    fan = db.session.get(FanProfile, fan_id) or abort(404)
    campaign = db.session.scalar(
        select(Campaign)
        .join(Brand, Brand.id == Campaign.brand_id)
        .where(Brand.slug == settings.BRAND_SLUG, Campaign.slug == settings.PHOTO_SLUG)
    )
    if campaign is None:
        abort(404)
    entry = voting.vote(campaign, fan, entry_id, now=clock.now())
    payload = {"entry_id": entry.id, "vote_count": entry.vote_count, "voted": True}
    db.session.commit()
    return jsonify(payload)


app = settings.make_app()
app.register_blueprint(bp)
