"""Clear messages for fans when something goes wrong, always with a way forward.

A page (inside the iframe or hosted) or, for a script's fetch, JSON with the same words.
Never a blank frame, never a traceback.
"""

from dataclasses import dataclass

from flask import g, jsonify, render_template, request, url_for
from flask_babel import gettext as _

from app.fanpage import cookies


@dataclass
class Action:
    label: str
    url: str
    new_tab: bool = False


def wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json" or request.is_json


def home_action(brand=None) -> Action | None:
    brand = brand or g.get("brand")
    if brand is None:
        return None
    return Action(
        _("Back to %(brand)s", brand=brand.name), url_for("embed.home", brand_slug=brand.slug)
    )


def hosted_action(brand=None) -> Action | None:
    brand = brand or g.get("brand")
    if brand is None:
        return None
    return Action(
        _("Open the hosted page"),
        url_for("embed.home", brand_slug=brand.slug, _external=True),
        new_tab=True,
    )


def message(title: str, body: str, *, actions=(), status: int = 400, json_code: str = "error"):
    """The fan's message as a page, or as JSON when a script asked."""
    actions = [a for a in actions if a is not None]
    if wants_json():
        payload = {"ok": False, "error": json_code, "title": title, "message": body}
        if actions:
            payload["action"] = {"label": actions[0].label, "url": actions[0].url}
        return jsonify(payload), status
    return render_template("embed/message.html", title=title, body=body, actions=actions), status


def session_expired():
    """A POST without a valid CSRF token: cookies blocked here, or an old page."""
    if not cookies.fan_cookie_came_back():
        return cookies_blocked()
    return message(
        _("Your session has expired"),
        _(
            "Please reload the page and try again. If this keeps happening, your browser may "
            "be blocking cookies in embedded pages: open the hosted page instead."
        ),
        actions=[Action(_("Reload"), _same_site_referrer()), hosted_action()],
        status=400,
        json_code="csrf",
    )


def cookies_blocked_words() -> str:
    """What the fan reads when the browser sends back no cookie: the way forward included."""
    if request.headers.get("Sec-Fetch-Dest") == "document":  # a top-level page, not a frame
        return _(
            "Your browser blocks cookies for this site, so we cannot remember you. "
            "Allow cookies for this site, then reload the page."
        )
    return _(
        "Your browser blocks cookies in embedded pages, so we cannot remember you here. "
        "Open the hosted page to play."
    )


def cookies_blocked():
    """The one message for a browser that keeps no session here (not 'session expired')."""
    top_level = request.headers.get("Sec-Fetch-Dest") == "document"
    return message(
        _("Cookies are blocked"),
        cookies_blocked_words(),
        actions=[] if top_level else [hosted_action()],
        status=400,
        json_code="cookies_blocked",
    )


def unknown_brand():
    return message(
        _("Page not found"),
        _("We could not find this page. Please check the link."),
        status=404,
        json_code="not_found",
    )


def _same_site_referrer() -> str:
    referrer = request.referrer or ""
    if referrer.startswith(request.host_url):
        return referrer
    brand = g.get("brand")
    return url_for("embed.home", brand_slug=brand.slug) if brand is not None else request.host_url
