"""Console actions of a sweepstakes: /console/<brand>/sweepstakes/<id>/draw and /redraw.

A sweepstakes is made, set up, put live and closed by the common campaign flow
(app/console/views/campaigns.py); drawing needs the "campaigns" permission (owner,
manager). A refused draw answers 409 on the campaign page with the reason, nothing stored.
"""

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from app import clock
from app.console.kind_pages import campaign_action, kind_console_blueprint
from contests.sweepstakes import drawing, settings

bp = kind_console_blueprint(
    "sweepstakes_console", __name__, "/sweepstakes", kinds=(settings.KIND_KEY,)
)


@bp.post("/<int:campaign_id>/draw")
@campaign_action("campaigns")
def make_draw(campaign):
    drawing.make_draw(campaign, now=clock.now(), by_user_id=current_user.id)
    return _("The winners are drawn; the draw page shows how to check them.")


@bp.post("/<int:campaign_id>/redraw")
@campaign_action("campaigns")
def redraw(campaign):
    code = request.form.get("code", "").strip().lower()
    drawing.redraw(
        campaign, code, request.form.get("reason", ""), now=clock.now(), by_user_id=current_user.id
    )
    return _("%(code)s is disqualified; the next alternate takes the place.", code=code)
