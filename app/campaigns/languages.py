"""Campaign content in the brand's languages: the text a fan reads, the gaps the editor shows.

A content row keeps its text in the brand's default language in its own columns (or a
kind's settings) and the other languages in a `translations` JSON value shaped
{"fr": {"title": "...", "rules_text": "..."}}. A fan reads their language where it is
written and the default language elsewhere; staff see which translations are missing.
"""

from collections.abc import Iterable, Mapping

from flask_babel import gettext as _

from app.campaigns.refusals import Problem
from app.i18n import LANGUAGE_NAMES, SUPPORTED_LOCALES, current_language, supported

# The form inputs of a translation are named "<field>__<language>" (e.g. "title__fr").
SEPARATOR = "__"


def default_language(brand) -> str:
    return supported(getattr(brand, "locale", None)) or "en"


def extra_languages(brand) -> tuple[str, ...]:
    """The languages the brand writes its content in besides its default, in a stable order."""
    chosen = set(getattr(brand, "content_locales", None) or ())
    default = default_language(brand)
    return tuple(code for code in SUPPORTED_LOCALES if code in chosen and code != default)


def content_languages(brand) -> tuple[str, ...]:
    """The default language first, then the others the brand enables."""
    return (default_language(brand), *extra_languages(brand))


def text_in(base: str, translations: Mapping | None, field: str, locale: str | None = None) -> str:
    """`field` in `locale` (the request's language when not given), else the default `base`."""
    language = supported(locale) if locale else current_language()
    written = ((translations or {}).get(language) or {}).get(field)
    return written if isinstance(written, str) and written.strip() else base


def translated(row, field: str, locale: str | None = None) -> str:
    """A row's `field` (a column with a `translations` JSON beside it) in the fan's language."""
    return text_in(getattr(row, field) or "", getattr(row, "translations", None), field, locale)


def missing(
    texts: Mapping[str, str], translations: Mapping | None, languages: Iterable[str]
) -> list[tuple[str, str]]:
    """(language, field) pairs whose default text is written but whose translation is not."""
    gaps = []
    for language in languages:
        written = (translations or {}).get(language) or {}
        for field, base in texts.items():
            if (base or "").strip() and not (written.get(field) or "").strip():
                gaps.append((language, field))
    return gaps


def read_form(
    form: Mapping, fields: Iterable[str], languages: Iterable[str], prefix: str = ""
) -> dict:
    """The translations typed in an editor, {language: {field: text}}, without empty ones.

    Inputs are named "<prefix><field>__<language>"; a language with nothing typed is left
    out, so an emptied translation falls back to the default text again.
    """
    fields = tuple(fields)
    found: dict[str, dict[str, str]] = {}
    for language in languages:
        texts = {
            field: value.strip()
            for field in fields
            if (value := form.get(f"{prefix}{field}{SEPARATOR}{language}") or "").strip()
        }
        if texts:
            found[language] = texts
    return found


def input_name(field: str, language: str, prefix: str = "") -> str:
    return f"{prefix}{field}{SEPARATOR}{language}"


def merged(
    existing: Mapping | None, typed: Mapping, languages: Iterable[str], fields: Iterable[str]
) -> dict:
    """A row's new translations: `fields` as typed for each of `languages`, the rest kept.

    An editor shows the brand's languages and its own fields only: a language the brand
    stopped writing in, or a field another form edits, keeps its text. An emptied input
    removes its text, so the fan reads the default again. A new dict: JSON columns notice
    replacement, not mutation.
    """
    fields = tuple(fields)
    result = {code: dict(texts) for code, texts in (existing or {}).items()}
    for language in languages:
        texts = result.get(language, {})
        for field in fields:
            written = (typed.get(language) or {}).get(field)
            if written:
                texts[field] = written
            else:
                texts.pop(field, None)
        if texts:
            result[language] = texts
        else:
            result.pop(language, None)
    return result


def campaign_gaps(campaign) -> list[tuple[str, list[str]]]:
    """The campaign page's "Missing translations": (language name, what is missing) each.

    The common fields (title, rules text) then the kind's own content (its
    missing_translations hook); nothing when the brand writes in one language only.
    """
    from app.campaigns import get_kind  # here: app.campaigns imports this module

    languages = extra_languages(campaign.brand)
    if not languages:
        return []
    kind = get_kind(campaign.kind)
    texts = {"title": campaign.title}
    if kind.shows_rules_text:
        texts["rules_text"] = campaign.rules_text
    words = {"title": _("title"), "rules_text": _("rules text")}
    gaps = []
    for language in languages:
        items = [words[field] for _code, field in missing(texts, campaign.translations, [language])]
        items += kind.missing_translations(campaign, (language,))
        if items:
            gaps.append((LANGUAGE_NAMES.get(language, language), items))
    return gaps


def translations_problems(value, known, max_length: int) -> list:
    """What is wrong with a kind's settings["translations"]: languages it cannot hold, texts
    that are not translated (`known`: their names), a text too long (beside its input)."""

    if not isinstance(value, Mapping):
        return [Problem(_("Translations must be texts by language."))]
    found = []
    for language, texts in value.items():
        if language not in SUPPORTED_LOCALES:
            message = _(
                "“%(code)s” is not a language content can be written in; "
                "use one of: %(languages)s.",
                code=language,
                languages=", ".join(SUPPORTED_LOCALES),
            )
            found.append(Problem(message))
        elif not isinstance(texts, Mapping):
            found.append(Problem(_("Translations must be texts by language.")))
        else:
            for name, text in texts.items():
                if name not in known:
                    message = _("“%(name)s” is not a text that is translated.", name=name)
                    found.append(Problem(message))
                elif not isinstance(text, str) or len(text) > max_length:
                    message = _("Write a text of at most %(count)s characters.", count=max_length)
                    found.append(Problem(message, input_name(name, language)))
    return found
