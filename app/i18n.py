"""Languages: which one a request is served in.

The fan's explicit choice (`?lang=`, remembered in the session), else the browser's
preference, else the brand's default language, else English. Catalogs live in
`translations/` at the repository root (extract with pybabel, see translations/README).
"""

from pathlib import Path

from flask import Flask, g, has_request_context, request, session
from flask_babel import get_babel

SUPPORTED_LOCALES = ("en", "fr")
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}
SESSION_KEY = "lang"
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def select_locale() -> str:
    """The fan's explicit choice, else the browser's preference, else the brand's, else English."""
    if not has_request_context():
        return "en"
    chosen = request.args.get("lang") or session.get(SESSION_KEY)
    if chosen in SUPPORTED_LOCALES:
        return chosen
    browser = request.accept_languages.best_match(SUPPORTED_LOCALES)
    if browser:
        return browser
    brand = g.get("brand")
    brand_locale = (getattr(brand, "locale", None) or "")[:2].lower()
    return brand_locale if brand_locale in SUPPORTED_LOCALES else "en"


def remember_choice() -> None:
    """Keep a language picked with `?lang=` for the rest of the visit."""
    chosen = request.args.get("lang")
    if chosen in SUPPORTED_LOCALES and session.get(SESSION_KEY) != chosen:
        session[SESSION_KEY] = chosen


def init_app(app: Flask) -> None:
    """Point Flask-Babel at the repository's translations folder (it looks in app/ otherwise)."""
    babel = get_babel(app)
    directory = str(TRANSLATIONS)
    if directory not in babel.translation_directories:
        babel.translation_directories.insert(0, directory)
