"""The app's own 404, 413, 429 and 503 answers, in the visitor's language, shaped for the caller.

A kind's fan script gets its API's JSON ({"error": message, "code"}), other fan paths the
fan's page or JSON (app/fanpage/messages.py), the console its own page, any other script JSON
in the fan message's shape, and anyone else the app's own page (templates/site/). Blueprint
handlers (the console's 404, a kind's refusals) still answer their own first.

While the database is unreachable the answer reads nothing from it: the fan's page shows
the brand as read before the failure (app/embed/context.py `brand_facts`), and the console
and other pages get the app's own page, since their layouts would ask the database again.
"""

import logging
import math
import time

from flask import Flask, current_app, g, jsonify, make_response, render_template, request
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import NotFound, RequestEntityTooLarge, TooManyRequests

from app.campaigns.fan_api import is_kind_api_request, refuse
from app.extensions import db, limiter
from app.fanpage.cookies import is_fan_path
from app.fanpage.messages import home_action, message, wants_json
from app.i18n import LANGUAGE_NAMES
from app.media import errors as media_errors

CONSOLE_PREFIX = "/console"
# When a 429 does not come from Flask-Limiter, whose window says exactly how long.
DEFAULT_RETRY_SECONDS = 60
# What a fan is told to wait while the database is unreachable: restarts take seconds.
DATABASE_RETRY_SECONDS = 30

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    app.register_error_handler(NotFound, not_found)
    app.register_error_handler(RequestEntityTooLarge, too_large)
    app.register_error_handler(TooManyRequests, too_many_requests)
    # Lost connections, refused connections, a server shutting down: not integrity errors,
    # which are DBAPIErrors of another kind and stay the views' business.
    app.register_error_handler(OperationalError, database_unavailable)
    app.register_error_handler(InterfaceError, database_unavailable)


def answer(title: str, body: str, *, status: int, code: str, headers: dict | None = None):
    """The refusal as the caller expects it; `code` is the stable word scripts test."""
    database_down = g.get("database_down", False)
    if is_kind_api_request():
        # refuse() tidies the fan's session, which asks the database.
        kind_json = jsonify(error=body, code=code), status
        response = make_response(kind_json if database_down else refuse(body, code, status))
    elif is_fan_path(request.path):
        response = make_response(
            message(title, body, actions=[home_action()], status=status, json_code=code)
        )
    elif wants_json():
        response = make_response(jsonify(ok=False, error=code, title=title, message=body), status)
    elif not database_down and (
        request.path == CONSOLE_PREFIX or request.path.startswith(CONSOLE_PREFIX + "/")
    ):
        response = make_response(
            render_template("console/error.html", title=title, message=body), status
        )
    else:
        response = make_response(site_page("site/error.html", title=title, body=body), status)
    response.headers.update(headers or {})
    return response


def database_unavailable(error: Exception):
    """The database did not answer: nothing was saved, come back in a moment."""
    log.error("database unavailable on %s %s: %s", request.method, request.path, error)
    g.database_down = True
    # The page below must not reload anything: the brand as read before, in plain values.
    g.brand = g.get("brand_facts")
    try:
        db.session.rollback()
    except Exception:  # the connection is gone; the pool replaces it on the next checkout
        log.debug("rollback after a database outage failed", exc_info=True)
    return answer(
        _("Temporarily unavailable"),
        _(
            "We cannot reach our database right now, so nothing was saved. "
            "Please try again in a minute."
        ),
        status=503,
        code="unavailable",
        headers={"Retry-After": str(DATABASE_RETRY_SECONDS)},
    )


def site_page(template: str, **context) -> str:
    """One of the app's own pages (templates/site/), in the visitor's language."""
    return render_template(
        template, locale=str(get_locale() or "en"), languages=LANGUAGE_NAMES, **context
    )


def not_found(error: NotFound):
    return answer(
        _("Page not found"),
        _("We could not find this page. Please check the link."),
        status=404,
        code="not_found",
    )


def too_large(error: RequestEntityTooLarge):
    """Say what was too big: the file, or the text sent (a form field, a JSON body)."""
    if _a_file_too_big():
        too_big = media_errors.too_big(current_app.config["MEDIA_MAX_BYTES"])
        return answer(_("File too big"), too_big.message, status=413, code="too_big")
    return answer(
        _("Text too long"),
        _("What you sent is too long. Shorten the text and send it again."),
        status=413,
        code="too_long",
    )


def _a_file_too_big() -> bool:
    # A text field over MAX_FORM_MEMORY_SIZE is refused while parsing a body within
    # MAX_CONTENT_LENGTH; only a form with files goes over the whole body's limit.
    if request.mimetype != "multipart/form-data":
        return False
    length, limit = request.content_length, request.max_content_length
    return limit is not None and (length is None or length > limit)


def too_many_requests(error: TooManyRequests):
    """Any rate limit: when to come back, in words and in Retry-After."""
    wait = seconds_to_wait(error)
    minutes = max(1, round(wait / 60))
    return answer(
        _("Too many attempts"),
        ngettext(
            "You have tried too many times in a short while. Please wait %(num)d minute "
            "before trying again.",
            "You have tried too many times in a short while. Please wait %(num)d minutes "
            "before trying again.",
            minutes,
        ),
        status=429,
        code="rate_limited",
        headers={"Retry-After": str(wait)},
    )


def seconds_to_wait(error: TooManyRequests) -> int:
    """Until the breached limit's window lets this caller in again, in whole seconds."""
    breached = limiter.current_limit
    if breached is not None and breached.breached:
        return max(1, int(breached.reset_at - time.time()))
    retry_after = getattr(error, "retry_after", None)
    if isinstance(retry_after, int | float) and retry_after > 0:
        return math.ceil(retry_after)
    return DEFAULT_RETRY_SECONDS
