"""The quiz's questions editor page, and how its actions end: saved, or shown again refused.

A refused action rolls back and draws the editor again with its status: the form it came
from keeps what the marketer typed and shows each problem beside its field.
"""

import functools

from flask import flash, redirect, render_template, request, url_for

from app.campaigns import languages
from app.campaigns.refusals import Problem, Refused
from app.console.access import requires
from app.console.kind_pages import current_campaign
from app.extensions import db
from app.media import UploadRejected
from games.quiz import console_forms, content, structure, validation
from games.quiz.quiz_types import quiz_type


def field_problems(refusal: Refused | None) -> dict[str, str]:
    problems: dict[str, str] = {}
    for problem in refusal.problems if refusal else ():
        if problem.field:
            problems[problem.field] = " ".join(
                filter(None, (problems.get(problem.field), problem.message))
            )
    return problems


def editor_page(campaign, refusal: Refused | None = None, editing: str | None = None):
    """The editor; after a refusal the form named `editing` shows what was sent and why not."""
    quiz = quiz_type(campaign)
    outcomes = content.outcomes(campaign.id)
    outcome_ids = [outcome.id for outcome in outcomes]
    questions = content.questions(campaign.id)
    frozen = structure.has_plays(campaign)
    forms = [
        console_forms.question_form(question, outcome_ids, spare=not frozen)
        for question in questions
    ]
    new_form = console_forms.new_question_form(quiz, outcome_ids)
    if refusal is not None:
        extra = languages.extra_languages(campaign.brand)
        sent = console_forms.sent_question_form(request.form, outcome_ids, extra)
        if editing == "question-new":
            new_form = sent
        for index, form in enumerate(forms):
            if editing == f"question-{form['id']}":
                forms[index] = sent | {"id": form["id"], "image_id": form["image_id"]}
    drafting = campaign.status in ("draft", "scheduled")
    page = render_template(
        "games/quiz/console/questions.html",
        quiz=quiz,
        campaign=campaign,
        forms=forms,
        new_form=new_form,
        outcomes=outcomes,
        live_problems=validation.problems(campaign) if drafting else [],
        frozen=frozen,
        refusal=refusal,
        editing=editing,
        problems=field_problems(refusal),
        sent=request.form if refusal is not None else {},
    )
    return page, refusal.status if refusal else 200


def editor_action(form_of):
    """A POST of the editor: `form_of(ids)` names the form it came from (its id and anchor).

    The handler returns the message to flash; the view commits and goes back to that form.
    """

    def decorate(handler):
        @functools.wraps(handler)
        def view(campaign_id: int, **ids):
            editing = form_of(ids)
            try:
                result = handler(current_campaign(), **ids)
                db.session.commit()
            except UploadRejected as rejected:
                return _refused(Refused(Problem(rejected.message, "image")), editing)
            except Refused as refusal:
                return _refused(refusal, editing)
            message, anchor = result if isinstance(result, tuple) else (result, editing)
            flash(message, "info")
            return redirect(
                url_for("quiz_console.questions", campaign_id=campaign_id) + f"#{anchor}"
            )

        return requires("campaigns")(view)

    return decorate


def _refused(refusal: Refused, editing: str):
    db.session.rollback()
    return editor_page(current_campaign(), refusal, editing)
