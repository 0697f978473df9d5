"""The photo contest's own texts in the brand's other languages: the entry questions' labels.

Each question's label in another language is stored under "label_<key>" in
settings["translations"] ({"fr": {"label_city": "Votre ville"}}), checked, read and listed
when missing here.
"""

from collections.abc import Mapping

from flask_babel import gettext as _
from flask_babel import lazy_gettext

from app.campaigns import languages
from app.campaigns.refusals import Problem

# The same limit as the label in the default language (contests.photo.settings).
MAX_LABEL = 100
LANGUAGE_WORDS = {"en": lazy_gettext("English"), "fr": lazy_gettext("French")}


def text_name(key: str) -> str:
    """The name of an entry question's label among the translations."""
    return f"label_{key}"


def _labels(fields) -> dict[str, str]:
    """text name -> label in the default language, for the well-formed questions."""
    if not isinstance(fields, list):
        return {}
    return {
        text_name(item["key"]): item.get("label") or ""
        for item in fields
        if isinstance(item, Mapping) and isinstance(item.get("key"), str)
    }


def problems(value, fields) -> list[Problem]:
    """What is wrong with settings["translations"]; a label's problem sits beside its input."""
    return languages.translations_problems(value, _labels(fields), MAX_LABEL)


def read_form(form: Mapping, brand, fields: list, stored: Mapping | None) -> dict:
    """The labels typed in the settings form for the questions as just saved. A language the
    brand no longer enables keeps what was written in it for the questions still asked."""
    names = tuple(_labels(fields))
    enabled = languages.extra_languages(brand)
    default = languages.default_language(brand)
    kept = {}
    for code, texts in (stored if isinstance(stored, Mapping) else {}).items():
        if code in enabled or code == default or not isinstance(texts, Mapping):
            continue
        if still_asked := {name: text for name, text in texts.items() if name in names}:
            kept[code] = still_asked
    return kept | languages.read_form(form, names, enabled)


def fan_fields(rules, locale: str | None = None) -> list[dict]:
    """The entry questions with their labels in the fan's language, else the default's."""
    return [
        {
            **item,
            "label": languages.text_in(
                item["label"], rules.translations, text_name(item["key"]), locale
            ),
        }
        for item in rules.fields
    ]


def missing(rules, wanted: tuple[str, ...]) -> list[str]:
    """Each question whose label is not written in a wanted language ("question “Your
    city”"). The campaign page asks one language at a time and names it; asked several,
    each gap says its language ("French: question “Your city”")."""
    labels = _labels(rules.fields)
    gaps = languages.missing(labels, rules.translations, wanted)
    words = [(code, _("question “%(label)s”", label=labels[name])) for code, name in gaps]
    if len(wanted) == 1:
        return [text for _code, text in words]
    return [
        _("%(language)s: %(text)s", language=LANGUAGE_WORDS.get(code, code), text=text)
        for code, text in words
    ]
