"""Languages: which one a request is served in.

Console pages (under /console): the staff member's own choice, stored on the user, else the
browser's preference, else English. Fan pages: the fan's explicit choice (`?lang=`, remembered
in the session), else the brand's language when the brand says it wins, else the browser's
preference, else the brand's default language, else English. Catalogs live in
`translations/` at the repository root (extract with pybabel, see translations/README).
"""

from pathlib import Path

from flask import Flask, g, has_request_context, request, session
from flask_babel import get_babel, get_locale
from flask_login import current_user

SUPPORTED_LOCALES = ("en", "fr")
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}
SESSION_KEY = "lang"
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
# The console's and staff sign-in's addresses (app.console.CONSOLE_PREFIX; no import upward).
STAFF_PREFIX = "/console"


def supported(code: str | None) -> str | None:
    """The supported language a code such as "fr-CA" names, or None."""
    short = (code or "")[:2].lower()
    return short if short in SUPPORTED_LOCALES else None


def select_locale() -> str:
    """The language of this request: the staff member's on console pages, the fan's elsewhere."""
    if not has_request_context():
        return "en"
    if request.path == STAFF_PREFIX or request.path.startswith(STAFF_PREFIX + "/"):
        return _staff_locale()
    return _fan_locale()


def _browser_locale() -> str | None:
    return request.accept_languages.best_match(SUPPORTED_LOCALES)


def _staff_locale() -> str:
    # Flask-Login holds a StaffUser wrapping the User row (app.identity.staff_accounts).
    user = getattr(current_user, "user", None) if current_user.is_authenticated else None
    chosen = getattr(user, "locale", None)
    return supported(chosen) or _browser_locale() or "en"


def _fan_locale() -> str:
    chosen = request.args.get("lang") or session.get(SESSION_KEY)
    if chosen in SUPPORTED_LOCALES:
        return chosen
    brand = g.get("brand")
    brand_locale = supported(getattr(brand, "locale", None))
    if brand_locale and getattr(brand, "locale_wins", False):
        return brand_locale
    return _browser_locale() or brand_locale or "en"


def remember_choice() -> None:
    """Keep a language picked with `?lang=` for the rest of the visit."""
    chosen = request.args.get("lang")
    if chosen in SUPPORTED_LOCALES and session.get(SESSION_KEY) != chosen:
        session[SESSION_KEY] = chosen


def current_language() -> str:
    """The language this response is written in, for `<html lang>` and the language menus."""
    return str(get_locale() or "en")


def init_app(app: Flask) -> None:
    """Point Flask-Babel at the repository's translations folder; give templates the language."""
    app.jinja_env.globals.update(current_language=current_language, language_names=LANGUAGE_NAMES)
    babel = get_babel(app)
    directory = str(TRANSLATIONS)
    if directory not in babel.translation_directories:
        babel.translation_directories.insert(0, directory)
