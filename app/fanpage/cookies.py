"""Cookie policy: fan paths get their own partitioned cross-site cookie, the rest keep Flask's.

A fan plays inside an iframe on the brand's site, so the fan session must be sent in a
third-party context: `SameSite=None; Secure; Partitioned` (CHIPS: one cookie jar per
top-level site). The console is a first-party app and keeps the default `SameSite=Lax`
cookie. One SessionInterface picks the cookie by request path, so `flask.session` and
Flask-WTF's CSRF token work the same on both sides without knowing about each other.
"""

from flask import Flask, current_app, request
from flask.sessions import SecureCookieSessionInterface

# Paths whose requests read and write the fan session cookie.
FAN_PATH_PREFIXES = ("/e/", "/fan/")
DEFAULT_COOKIE_NAME = "sf_fan"


def is_fan_path(path: str) -> bool:
    return path.startswith(FAN_PATH_PREFIXES) or path == "/e"


def _fan_request() -> bool:
    return bool(request) and is_fan_path(request.path)


class PathSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, with the cookie's name and attributes chosen by path."""

    fan_salt = "superfan-fan-session"

    def get_cookie_name(self, app: Flask) -> str:
        if _fan_request():
            return app.config.get("FAN_SESSION_COOKIE_NAME", DEFAULT_COOKIE_NAME)
        return super().get_cookie_name(app)

    def get_cookie_samesite(self, app: Flask) -> str | None:
        return "None" if _fan_request() else super().get_cookie_samesite(app)

    def get_cookie_secure(self, app: Flask) -> bool:
        # Browsers accept Secure cookies from http://localhost and http://127.0.0.1 too.
        return True if _fan_request() else super().get_cookie_secure(app)

    def get_cookie_partitioned(self, app: Flask) -> bool:
        return True if _fan_request() else super().get_cookie_partitioned(app)

    def get_cookie_httponly(self, app: Flask) -> bool:
        return True if _fan_request() else super().get_cookie_httponly(app)

    def get_cookie_domain(self, app: Flask) -> str | None:
        # Host-only: the fan cookie never leaks to sibling domains.
        return None if _fan_request() else super().get_cookie_domain(app)

    def get_cookie_path(self, app: Flask) -> str:
        return "/" if _fan_request() else super().get_cookie_path(app)

    def get_signing_serializer(self, app: Flask):
        # A different salt: a console cookie is never accepted as a fan session, nor back.
        serializer = super().get_signing_serializer(app)
        if serializer is not None and _fan_request():
            serializer.salt = self.fan_salt.encode()
        return serializer


def fan_cookie_came_back() -> bool:
    """Did this fan request carry the fan cookie? A page always sets one, so a POST without
    it comes from a browser that refuses our cookies here (blocked in the frame)."""
    return bool(request.cookies.get(current_app.config["FAN_SESSION_COOKIE_NAME"]))


def init_app(app: Flask) -> None:
    app.config.setdefault("FAN_SESSION_COOKIE_NAME", DEFAULT_COOKIE_NAME)
    app.session_interface = PathSessionInterface()
