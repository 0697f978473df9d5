"""Console pages for quizzes: /console/<brand>/quizzes/<trivia|personality|poll>/...

Each kind gets its own blueprint from the same views, so the console shell's nav finds each
kind's `new` and `edit`. Builders need the "campaigns" permission (owner, manager), results
"analytics" and the answers CSV "export" (analysts too). Views are thin: parse the form, call
the builder, commit once, redirect.
"""

import random
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)

from app import clock
from app.console.access import brand_blueprint, brand_campaign, current_brand, requires
from app.extensions import db
from app.media import UploadRejected
from games.quiz import builder, content, results, scoring, settings, snapshot, validation
from games.quiz.builder import BuilderRefused
from games.quiz.models import QuizChoice, QuizOutcome, QuizQuestion
from games.quiz.quiz_types import KIND_KEYS

ATTEMPT_LABELS = {
    "once": "Once",
    "daily": "Once a day",
    "count": "A number of times",
    "unlimited": "As often as they like",
}


def _int(name: str) -> int | None:
    value = request.form.get(name, "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise BuilderRefused(f"{name.replace('_', ' ').capitalize()} must be a number.") from None


def _bool(name: str) -> bool:
    return request.form.get(name) in ("on", "1", "true", "yes")


def _moment(name: str, zone: ZoneInfo) -> datetime | None:
    """A datetime-local field, read in the brand's time zone."""
    value = request.form.get(name, "").strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=zone)
    except ValueError:
        raise BuilderRefused(f"{name.replace('_', ' ').capitalize()} is not a date.") from None


def _rules_from_form() -> dict:
    rules = {
        "attempts": request.form.get("attempts", "once"),
        "max_attempts": _int("max_attempts") or 1,
        "shuffle_questions": _bool("shuffle_questions"),
        "shuffle_choices": _bool("shuffle_choices"),
        "points_per_correct": _int("points_per_correct"),
        "speed_bonus": _int("speed_bonus") or 0,
        "sudden_death": _bool("sudden_death"),
        "tie_rule": request.form.get("tie_rule", "first"),
    }
    if rules["points_per_correct"] is None:
        rules["points_per_correct"] = settings.QuizRules.points_per_correct
    return rules


def _one(model, row_id: int, campaign):
    """A content row of this campaign, or 404 (rows of other quizzes look missing)."""
    row = db.session.get(model, row_id)
    campaign_id = None
    if isinstance(row, QuizChoice):
        campaign_id = db.session.get(QuizQuestion, row.question_id).campaign_id
    elif row is not None:
        campaign_id = row.campaign_id
    if campaign_id != campaign.id:
        abort(404)
    return row


def make_blueprint(quiz: str) -> Blueprint:
    """The console pages of one quiz kind."""
    kind_key = KIND_KEYS[quiz]
    bp = brand_blueprint(f"quiz_{quiz}_console", __name__, f"/quizzes/{quiz}")

    def campaign_or_404(campaign_id: int):
        return brand_campaign(campaign_id, kind=kind_key)

    def back(campaign, anchor: str = ""):
        return redirect(url_for(".edit", campaign_id=campaign.id) + anchor)

    def refused(error: BuilderRefused) -> None:
        db.session.rollback()
        for problem in error.problems:
            flash(problem, "error")

    def edit_action(handler):
        """Run one edit of a campaign: commit on success, flash the problems otherwise."""

        def view(campaign_id: int, **ids):
            campaign = campaign_or_404(campaign_id)
            try:
                anchor = handler(campaign, **ids) or ""
                db.session.commit()
            except BuilderRefused as error:
                refused(error)
                anchor = ""
            except UploadRejected as error:
                db.session.rollback()
                flash(error.message, "error")
                anchor = ""
            return back(campaign, anchor)

        view.__name__ = handler.__name__
        return requires("campaigns")(view)

    @bp.route("/new", methods=["GET", "POST"])
    @requires("campaigns")
    def new():
        if request.method == "POST":
            try:
                campaign = builder.create_campaign(
                    current_brand(),
                    quiz,
                    title=request.form.get("title", ""),
                    slug=request.form.get("slug", ""),
                )
                db.session.commit()
                return back(campaign)
            except BuilderRefused as error:
                refused(error)
        return render_template("games/quiz/console/new.html", quiz=quiz)

    @bp.get("/<int:campaign_id>")
    @requires("campaigns")
    def edit(campaign_id: int):
        campaign = campaign_or_404(campaign_id)
        zone = ZoneInfo(current_brand().timezone)
        return render_template(
            "games/quiz/console/edit.html",
            quiz=quiz,
            campaign=campaign,
            rules=settings.read(campaign.settings),
            attempt_labels=ATTEMPT_LABELS,
            tie_rules=settings.TIE_RULES,
            questions=content.questions(campaign.id),
            outcomes=content.outcomes(campaign.id),
            problems=validation.problems(campaign),
            frozen=builder.has_plays(campaign),
            local=lambda moment: (
                moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M") if moment else ""
            ),
            fan_url=url_for(
                "quiz.play", brand_slug=current_brand().slug, campaign_slug=campaign.slug
            ),
        )

    def save_settings(campaign):
        zone = ZoneInfo(current_brand().timezone)
        builder.update_campaign(
            campaign,
            title=request.form.get("title", ""),
            rules_text=request.form.get("rules_text", ""),
            starts_at=_moment("starts_at", zone),
            ends_at=_moment("ends_at", zone),
            rules=_rules_from_form(),
        )
        flash("Settings saved.", "info")

    def change_status(campaign):
        builder.set_status(campaign, request.form.get("status", ""), now=clock.now())
        flash(f"The quiz is now {campaign.status}.", "info")

    def question_fields() -> dict:
        return {
            "text": request.form.get("text", ""),
            "explanation": request.form.get("explanation", ""),
            "time_limit": _int("time_limit"),
            "video_url": request.form.get("video_url", ""),
            "multiple": _bool("multiple"),
        }

    def add_question(campaign):
        question = builder.add_question(campaign, **question_fields())
        return f"#question-{question.id}"

    def save_question(campaign, question_id: int):
        question = _one(QuizQuestion, question_id, campaign)
        builder.update_question(campaign, question, **question_fields())
        upload = request.files.get("image")
        if upload and upload.filename:
            builder.set_image(campaign, question, upload.stream)
        if _bool("remove_image"):
            question.image_id = None
        return f"#question-{question.id}"

    def delete_question(campaign, question_id: int):
        builder.delete_question(campaign, _one(QuizQuestion, question_id, campaign))

    def move_question(campaign, question_id: int):
        question = _one(QuizQuestion, question_id, campaign)
        builder.move_question(campaign, question, -1 if request.form.get("step") == "up" else 1)
        return f"#question-{question.id}"

    def add_choice(campaign, question_id: int):
        question = _one(QuizQuestion, question_id, campaign)
        builder.add_choice(
            campaign, question, text=request.form.get("text", ""), correct=_bool("correct")
        )
        return f"#question-{question.id}"

    def save_choice(campaign, choice_id: int):
        choice = _one(QuizChoice, choice_id, campaign)
        weights = {}
        for outcome in content.outcomes(campaign.id):
            value = _int(f"weight_{outcome.id}")
            weights[outcome.id] = value or 0
        builder.update_choice(
            campaign,
            choice,
            text=request.form.get("text", ""),
            correct=_bool("correct"),
            weights=weights,
        )
        return f"#question-{choice.question_id}"

    def delete_choice(campaign, choice_id: int):
        choice = _one(QuizChoice, choice_id, campaign)
        builder.delete_choice(campaign, choice)
        return f"#question-{choice.question_id}"

    def add_outcome(campaign):
        builder.add_outcome(
            campaign, title=request.form.get("title", ""), text=request.form.get("text", "")
        )
        return "#outcomes"

    def save_outcome(campaign, outcome_id: int):
        outcome = _one(QuizOutcome, outcome_id, campaign)
        builder.update_outcome(
            outcome, title=request.form.get("title", ""), text=request.form.get("text", "")
        )
        upload = request.files.get("image")
        if upload and upload.filename:
            builder.set_image(campaign, outcome, upload.stream)
        return "#outcomes"

    def delete_outcome(campaign, outcome_id: int):
        builder.delete_outcome(campaign, _one(QuizOutcome, outcome_id, campaign))
        return "#outcomes"

    actions = {
        "/<int:campaign_id>/settings": save_settings,
        "/<int:campaign_id>/status": change_status,
        "/<int:campaign_id>/questions": add_question,
        "/<int:campaign_id>/questions/<int:question_id>": save_question,
        "/<int:campaign_id>/questions/<int:question_id>/delete": delete_question,
        "/<int:campaign_id>/questions/<int:question_id>/move": move_question,
        "/<int:campaign_id>/questions/<int:question_id>/choices": add_choice,
        "/<int:campaign_id>/choices/<int:choice_id>": save_choice,
        "/<int:campaign_id>/choices/<int:choice_id>/delete": delete_choice,
        "/<int:campaign_id>/outcomes": add_outcome,
        "/<int:campaign_id>/outcomes/<int:outcome_id>": save_outcome,
        "/<int:campaign_id>/outcomes/<int:outcome_id>/delete": delete_outcome,
    }
    for rule, handler in actions.items():
        bp.add_url_rule(rule, handler.__name__, edit_action(handler), methods=["POST"])

    @bp.get("/<int:campaign_id>/preview")
    @requires("campaigns")
    def preview(campaign_id: int):
        """The quiz as a fan would get it now, answers shown to staff; nothing is recorded."""
        campaign = campaign_or_404(campaign_id)
        frozen = snapshot.freeze(campaign.id, settings.read(campaign.settings), random.Random())
        return render_template(
            "games/quiz/console/preview.html",
            quiz=quiz,
            campaign=campaign,
            frozen=frozen,
        )

    @bp.post("/<int:campaign_id>/preview/outcome")
    @requires("campaigns")
    def preview_outcome(campaign_id: int):
        """The personality outcome these choices would lead to; computed, never stored."""
        campaign = campaign_or_404(campaign_id)
        body = request.get_json(silent=True) or {}
        chosen = body.get("choice_ids")
        if not isinstance(chosen, list) or not all(isinstance(c, int) for c in chosen):
            return jsonify(error="Send the picked choice ids as a list."), 400
        # Totals do not depend on the order, so any draw of the snapshot will do.
        frozen = snapshot.freeze(campaign.id, settings.read(campaign.settings), random.Random())
        outcome_id = scoring.outcome(frozen, [chosen], seed=0)
        outcome = next((o for o in frozen["outcomes"] if o["id"] == outcome_id), None)
        return jsonify(outcome=outcome)

    @bp.get("/<int:campaign_id>/results")
    @requires("analytics")
    def results_page(campaign_id: int):
        campaign = campaign_or_404(campaign_id)
        return render_template(
            "games/quiz/console/results.html",
            quiz=quiz,
            campaign=campaign,
            figures=results.summary(campaign),
        )

    @bp.get("/<int:campaign_id>/answers.csv")
    @requires("export")
    def answers_csv(campaign_id: int):
        campaign = campaign_or_404(campaign_id)
        # Flask adds "; charset=utf-8" to a text/* mimetype: naming it here would say it twice.
        response = Response(stream_with_context(results.csv_lines(campaign)), mimetype="text/csv")
        response.headers["Content-Disposition"] = (
            f'attachment; filename="{campaign.slug}-answers.csv"'
        )
        return response

    return bp


blueprints = {quiz: make_blueprint(quiz) for quiz in KIND_KEYS}
