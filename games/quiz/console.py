"""The quiz's one console blueprint, /console/<brand>/quizzes/<id>/..., and its page tabs.

The campaign page, creation and status come from the common flow (app/console/views/
campaigns.py); the quiz adds its questions editor, a preview and its results here.
"""

from flask import request, url_for
from flask_babel import gettext as _

from app.console.access import current_role
from app.console.kind_pages import kind_console_blueprint
from app.console.roles import can
from games.quiz.quiz_types import KIND_KEYS

bp = kind_console_blueprint("quiz_console", __name__, "/quizzes", kinds=tuple(KIND_KEYS.values()))


def _tabs() -> tuple[tuple[str, str, str], ...]:
    """(endpoint, words, permission) of the tabs every quiz console page shows."""
    return (
        ("console_campaigns.edit", _("Settings"), "campaigns"),
        ("quiz_console.questions", _("Questions"), "campaigns"),
        ("quiz_console.preview", _("Preview"), "campaigns"),
        ("quiz_console.results_page", _("Results"), "analytics"),
        ("console_campaign_analytics.page", _("Analytics"), "analytics"),
    )


def editor_links(campaign) -> list[tuple[str, str]]:
    """The quiz's own pages, shown as tabs on the common campaign page."""
    return [
        (words, url_for(endpoint, campaign_id=campaign.id))
        for endpoint, words, _permission in _tabs()
        if endpoint.startswith(f"{bp.name}.")
    ]


def tabs(campaign) -> list[tuple[str, str, bool]]:
    """(words, url, current) of the tabs this member may open, for the quiz's own pages."""
    return [
        (words, url_for(endpoint, campaign_id=campaign.id), request.endpoint == endpoint)
        for endpoint, words, permission in _tabs()
        if can(current_role(), permission)
    ]


@bp.context_processor
def _quiz_pages() -> dict:
    return {"quiz_tabs": tabs}
