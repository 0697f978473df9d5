"""The quiz's results for its brand (funnel, questions, outcomes, votes; Export buttons) and its
preview, where staff play it as a fan would with the answers shown and nothing recorded."""

import random

from flask import jsonify, render_template, request
from flask_babel import gettext as _

from app.console.access import current_role, requires
from app.console.kind_pages import current_campaign
from app.console.roles import can
from games.quiz import results, scoring, settings, snapshot
from games.quiz.console import bp
from games.quiz.quiz_types import quiz_type


@bp.get("/<int:campaign_id>/results", endpoint="results_page")
@requires("analytics")
def results_page(campaign_id: int):
    campaign = current_campaign()
    return render_template(
        "games/quiz/console/results.html",
        quiz=quiz_type(campaign),
        campaign=campaign,
        figures=results.summary(campaign),
        # Its Export buttons start the answers and results exports (games/quiz/exports.py).
        may_export=can(current_role(), "export"),
    )


@bp.get("/<int:campaign_id>/preview", endpoint="preview")
@requires("campaigns")
def preview(campaign_id: int):
    """The quiz as a fan would get it now, answers shown to staff; nothing is recorded."""
    campaign = current_campaign()
    frozen = snapshot.freeze(campaign.id, settings.read(campaign.settings), random.Random())
    return render_template(
        "games/quiz/console/preview.html",
        quiz=quiz_type(campaign),
        campaign=campaign,
        frozen=frozen,
    )


@bp.post("/<int:campaign_id>/preview/outcome", endpoint="preview_outcome")
@requires("campaigns")
def preview_outcome(campaign_id: int):
    """The personality outcome these choices would lead to; computed, never stored."""
    campaign = current_campaign()
    body = request.get_json(silent=True) or {}
    chosen = body.get("choice_ids")
    if not isinstance(chosen, list) or not all(isinstance(c, int) for c in chosen):
        return jsonify(error=_("Send the picked choice ids as a list.")), 400
    # Totals do not depend on the order, so any draw of the snapshot will do.
    frozen = snapshot.freeze(campaign.id, settings.read(campaign.settings), random.Random())
    outcome_id = scoring.outcome(frozen, [chosen], seed=0)
    outcome = next((o for o in frozen["outcomes"] if o["id"] == outcome_id), None)
    return jsonify(outcome=outcome)
