"""The console's language menu: a staff member picks English or French for their own pages."""

from flask import Blueprint, abort, redirect, request
from flask_login import current_user
from sqlalchemy import update

from app.extensions import db
from app.i18n import SUPPORTED_LOCALES
from app.identity.staff import safe_next
from app.models import User
from app.staff_errors import install_error_pages

bp = Blueprint("console_language", __name__, url_prefix="/console")
install_error_pages(bp)


@bp.post("/language")
def choose():
    """Remember the language on the user, then go back to the page the menu was on."""
    if not current_user.is_authenticated:
        abort(403)
    locale = request.form.get("locale")
    if locale not in SUPPORTED_LOCALES:
        abort(400)
    db.session.execute(update(User).where(User.id == current_user.id).values(locale=locale))
    db.session.commit()
    return redirect(safe_next())
