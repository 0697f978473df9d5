"""The questions editor's actions: a question saved with its choices, moved, deleted.

Views are thin: read the form, call games.quiz.questions, commit once (games.quiz.editor).
"""

from flask import abort, request
from flask_babel import gettext as _

from app.campaigns import languages
from app.campaigns.forms import FormReader
from app.console.access import current_brand, requires
from app.console.kind_pages import current_campaign
from games.quiz import console_forms, content, questions, structure
from games.quiz.console import bp
from games.quiz.editor import editor_action, editor_page
from games.quiz.models import QuizQuestion


def _question(campaign, question_id: int) -> QuizQuestion:
    """A question of this quiz, or 404 (another quiz's questions look missing)."""
    return content.question(campaign.id, question_id) or abort(404)


def _draft(campaign):
    reader = FormReader(request.form, current_brand().timezone)
    outcome_ids = [outcome.id for outcome in content.outcomes(campaign.id)]
    extra = languages.extra_languages(current_brand())
    draft = console_forms.read_question(reader, outcome_ids, extra)
    reader.done()
    return draft


def _image(campaign, question: QuizQuestion) -> None:
    """The picture the form sent (checked by app.media), or its removal."""
    upload = request.files.get("image")
    if upload and upload.filename:
        structure.set_image(campaign, question, upload.stream)
    elif request.form.get("remove_image"):
        question.image_id = None


@bp.get("/<int:campaign_id>/questions", endpoint="questions")
@requires("campaigns")
def questions_page(campaign_id: int):
    return editor_page(current_campaign())


@bp.post("/<int:campaign_id>/questions/new", endpoint="add_question")
@editor_action(lambda ids: "question-new")
def add_question(campaign):
    question = questions.save_question(campaign, None, _draft(campaign))
    _image(campaign, question)
    return _("Question added."), f"question-{question.id}"


@bp.post("/<int:campaign_id>/questions/<int:question_id>", endpoint="save_question")
@editor_action(lambda ids: f"question-{ids['question_id']}")
def save_question(campaign, question_id: int):
    question = _question(campaign, question_id)
    questions.save_question(campaign, question, _draft(campaign))
    _image(campaign, question)
    return _("Question saved.")


@bp.post("/<int:campaign_id>/questions/<int:question_id>/move", endpoint="move_question")
@editor_action(lambda ids: f"question-{ids['question_id']}")
def move_question(campaign, question_id: int):
    step = -1 if request.form.get("step") == "up" else 1
    questions.move_question(campaign, _question(campaign, question_id), step)
    return _("Question moved.")


@bp.post("/<int:campaign_id>/questions/<int:question_id>/delete", endpoint="delete_question")
@editor_action(lambda ids: f"question-{ids['question_id']}")
def delete_question(campaign, question_id: int):
    questions.delete_question(campaign, _question(campaign, question_id))
    return _("Question deleted."), "questions"
