"""A personality quiz's outcomes in the questions editor: added, saved, deleted."""

from flask import abort, request
from flask_babel import gettext as _

from app.campaigns import languages
from app.console.access import current_brand
from app.extensions import db
from games.quiz import outcomes, structure
from games.quiz.console import bp
from games.quiz.editor import editor_action
from games.quiz.models import QuizOutcome


def _translations() -> dict:
    """The outcome's title and text typed for the brand's other languages."""
    extra = languages.extra_languages(current_brand())
    return languages.read_form(request.form, outcomes.OUTCOME_TEXTS, extra)


def _outcome(campaign, outcome_id: int) -> QuizOutcome:
    """An outcome of this quiz, or 404 (another quiz's outcomes look missing)."""
    outcome = db.session.get(QuizOutcome, outcome_id)
    if outcome is None or outcome.campaign_id != campaign.id:
        abort(404)
    return outcome


@bp.post("/<int:campaign_id>/outcomes", endpoint="add_outcome")
@editor_action(lambda ids: "outcome-new")
def add_outcome(campaign):
    outcome = outcomes.add_outcome(
        campaign,
        title=request.form.get("title", ""),
        text=request.form.get("text", ""),
        translations=_translations(),
    )
    return _("Outcome added."), f"outcome-{outcome.id}"


@bp.post("/<int:campaign_id>/outcomes/<int:outcome_id>", endpoint="save_outcome")
@editor_action(lambda ids: f"outcome-{ids['outcome_id']}")
def save_outcome(campaign, outcome_id: int):
    outcome = _outcome(campaign, outcome_id)
    outcomes.update_outcome(
        outcome,
        title=request.form.get("title", ""),
        text=request.form.get("text", ""),
        translations=_translations(),
    )
    upload = request.files.get("image")
    if upload and upload.filename:
        structure.set_image(campaign, outcome, upload.stream)
    return _("Outcome saved.")


@bp.post("/<int:campaign_id>/outcomes/<int:outcome_id>/delete", endpoint="delete_outcome")
@editor_action(lambda ids: f"outcome-{ids['outcome_id']}")
def delete_outcome(campaign, outcome_id: int):
    outcomes.delete_outcome(campaign, _outcome(campaign, outcome_id))
    return _("Outcome deleted."), "outcomes"
