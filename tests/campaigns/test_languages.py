"""Campaign content per language: the fan's language where written, the default elsewhere."""

from app.campaigns.languages import (
    content_languages,
    extra_languages,
    merged,
    missing,
    read_form,
    text_in,
    translated,
)
from app.models import Brand, Campaign


def test_the_brand_writes_its_default_language_first_then_the_others_it_enables():
    brand = Brand(locale="fr", content_locales=["en", "fr", "de"])
    assert extra_languages(brand) == ("en",)
    assert content_languages(brand) == ("fr", "en")
    assert extra_languages(Brand(locale="en", content_locales=[])) == ()


def test_a_fan_reads_their_language_and_the_default_where_nothing_is_written(app):
    campaign = Campaign(
        title="Coffee quiz",
        rules_text="One game each.",
        translations={"fr": {"title": "Quiz café", "rules_text": "  "}},
    )
    assert translated(campaign, "title", "fr") == "Quiz café"
    assert translated(campaign, "title", "en") == "Coffee quiz"
    # A blank translation counts as none: the default text shows.
    assert translated(campaign, "rules_text", "fr") == "One game each."
    assert text_in("Question", None, "text", "fr") == "Question"
    with app.test_request_context("/e/acme/quiz?lang=fr"):
        assert translated(campaign, "title") == "Quiz café"


def test_missing_lists_what_has_a_default_text_but_no_translation():
    texts = {"title": "Coffee quiz", "rules_text": "", "text": "Hello"}
    translations = {"fr": {"title": "Quiz café"}}
    # An empty default needs no translation.
    assert missing(texts, translations, ["fr"]) == [("fr", "text")]
    assert missing(texts, None, ["fr"]) == [("fr", "title"), ("fr", "text")]
    assert missing(texts, translations, []) == []


def test_a_form_is_read_per_language_and_an_emptied_input_removes_only_its_own_text():
    form = {"title__fr": " Quiz café ", "rules_text__fr": "", "choice-0-text__fr": "Oui"}
    typed = read_form(form, ["title", "rules_text"], ["fr"])
    assert typed == {"fr": {"title": "Quiz café"}}
    assert read_form(form, ["text"], ["fr"], prefix="choice-0-") == {"fr": {"text": "Oui"}}
    existing = {
        "fr": {"title": "Old", "rules_text": "Règles", "prize": "Un vélo"},
        "de": {"x": "y"},
    }
    # The form's fields only: another form's text ("prize") and a dropped language stay.
    assert merged(existing, typed, ["fr"], ["title", "rules_text"]) == {
        "fr": {"title": "Quiz café", "prize": "Un vélo"},
        "de": {"x": "y"},
    }
    assert merged({"fr": {"title": "Old"}}, {}, ["fr"], ["title"]) == {}
