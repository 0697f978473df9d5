"""The sweepstakes' own texts in the brand's other languages: checked, read, and the gaps."""

from collections.abc import Mapping

from flask_babel import gettext as _
from flask_babel import lazy_gettext

from app.campaigns import languages
from app.campaigns.refusals import Problem

MAX_TEXT = 5000
# The texts a fan reads in the entry page and the official rules, with how the campaign
# page names them in a missing translation. The sponsor's name is a legal name, one for all.
FIELDS = {
    "sponsor_address": lazy_gettext("sponsor's address"),
    "prizes": lazy_gettext("prizes"),
    "prize_value": lazy_gettext("approximate value of the prizes"),
    "free_method": lazy_gettext("free method of entry"),
    "notification": lazy_gettext("how winners are notified"),
    "privacy": lazy_gettext("privacy notice"),
    "extra_rules": lazy_gettext("additional rules"),
}
LANGUAGE_WORDS = {"en": lazy_gettext("English"), "fr": lazy_gettext("French")}


def problems(value) -> list[Problem]:
    """What is wrong with settings["translations"]; a text's problem sits beside its input."""
    return languages.translations_problems(value, FIELDS, MAX_TEXT)


def read_form(form: Mapping, brand, stored: Mapping | None) -> dict:
    """The translations typed in the settings form; a language the brand no longer enables
    keeps what was written in it, so turning a language off and on again loses nothing."""
    enabled = languages.extra_languages(brand)
    default = languages.default_language(brand)
    kept = {
        code: texts
        for code, texts in (stored if isinstance(stored, Mapping) else {}).items()
        if code not in enabled and code != default
    }
    return kept | languages.read_form(form, FIELDS, enabled)


def fan_texts(options, locale: str | None = None) -> dict[str, str]:
    """Every translatable text in the fan's language (or `locale`), else the default's."""
    return {
        name: languages.text_in(getattr(options, name), options.translations, name, locale)
        for name in FIELDS
    }


def missing(options, wanted: tuple[str, ...]) -> list[str]:
    """Each text written in the default language but not in a wanted one ("prizes"). The
    campaign page asks one language at a time and names it; asked several, each gap says
    its language ("French: prizes")."""
    texts = {name: getattr(options, name) for name in FIELDS}
    gaps = languages.missing(texts, options.translations, wanted)
    if len(wanted) == 1:
        return [str(FIELDS[name]) for _language, name in gaps]
    return [
        _("%(language)s: %(text)s", language=LANGUAGE_WORDS.get(code, code), text=FIELDS[name])
        for code, name in gaps
    ]
