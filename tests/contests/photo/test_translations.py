"""A photo contest's questions written in the brand's languages, asked in the fan's."""

import html
import re

import pytest

from app.campaigns import get_kind, lifecycle
from app.campaigns.refusals import Refused
from app.extensions import db
from app.models import Campaign
from tests.contests.conftest import Fan, make_contest, photo

QUESTIONS = [
    {"key": "city", "label": "Your city", "required": True},
    {"key": "cafe", "label": "Favourite café", "required": False},
]
FORM = {
    "title": "Best coffee photo",
    "moderation": "post",
    "max_entries_per_fan": "3",
    "fields": "city: Your city *\ncafe: Favourite café",
}


@pytest.fixture
def bilingual(brand):
    brand.content_locales = ["fr"]
    db.session.commit()
    return brand


def _contest(brand, french: dict) -> Campaign:
    campaign = make_contest(brand, fields=QUESTIONS, moderation="post", translations=french)
    campaign.translations = {"fr": {"title": "La plus belle photo de café"}}
    db.session.commit()
    return campaign


def _fan_page(app, query: str = "", **headers) -> str:
    app.test_client_class = Fan
    response = app.test_client().get(f"/e/acme/photos/photo/{query}", headers=headers)
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def test_the_questions_labels_typed_in_french_are_stored_and_shown_again(bilingual, staff):
    campaign = make_contest(bilingual, status="draft", fields=QUESTIONS)
    owner, edit = staff(), f"/console/acme/campaigns/{campaign.id}"
    page = html.unescape(owner.get(edit).get_data(as_text=True))
    assert re.search(r'<label for="label_city__fr">“Your city” — Français', page)
    assert re.search(r'<label for="label_cafe__fr">“Favourite café” — Français', page)

    form = {**FORM, "label_city__fr": "Votre ville", "label_cafe__fr": ""}
    saved = owner.submit(edit, form, page=edit, follow_redirects=True)
    assert "Settings saved." in saved.get_data(as_text=True)
    db.session.refresh(campaign)
    assert campaign.settings["translations"] == {"fr": {"label_city": "Votre ville"}}
    page = html.unescape(owner.get(edit).get_data(as_text=True))
    assert re.search(r'name="label_city__fr"[^>]*lang="fr"[^>]*value="Votre ville"', page)

    # A question taken away takes its translations with it.
    owner.submit(edit, {**FORM, "fields": "cafe: Favourite café"}, page=edit)
    db.session.refresh(campaign)
    assert campaign.settings["translations"] == {}


def test_a_label_too_long_is_refused_beside_its_input(bilingual, staff):
    campaign = make_contest(bilingual, status="draft", fields=QUESTIONS)
    owner, edit = staff(), f"/console/acme/campaigns/{campaign.id}"
    response = owner.submit(edit, {**FORM, "label_city__fr": "x" * 101}, page=edit)
    assert response.status_code == 400
    assert re.search(
        r'id="label_city__fr-problem" role="alert">Write a text of at most 100 characters\.<',
        response.get_data(as_text=True),
    )
    db.session.expire_all()
    assert not db.session.get(Campaign, campaign.id).settings.get("translations")


def test_translations_in_an_unknown_language_or_of_no_question_are_refused(bilingual):
    campaign = make_contest(bilingual, status="draft", fields=QUESTIONS)
    for translations, words in (
        ({"de": {"label_city": "Deine Stadt"}}, "“de” is not a language content can be"),
        ({"fr": {"label_town": "Ta ville"}}, "“label_town” is not a text that is translated."),
    ):
        with pytest.raises(Refused) as refused:
            lifecycle.update(
                campaign,
                title=campaign.title,
                starts_at=None,
                ends_at=None,
                settings={"translations": translations},
            )
        assert words in refused.value.message
        db.session.rollback()


def test_a_french_fan_is_asked_in_french_an_english_fan_in_english(app, bilingual):
    _contest(bilingual, {"fr": {"label_city": "Votre ville"}})
    french = _fan_page(app, **{"Accept-Language": "fr-BE,fr"})
    assert "<h1>La plus belle photo de café</h1>" in french
    assert re.search(r"<label>Votre ville \*\s*<input name=\"field_city\"", french)
    # Not written in French: the default label stands in.
    assert re.search(r"<label>Favourite café\s*<input name=\"field_cafe\"", french)
    english = _fan_page(app, "?lang=en", **{"Accept-Language": "fr"})
    assert "<h1>Best coffee photo</h1>" in english
    assert "Your city *" in english and "Votre ville" not in english


def test_an_unanswered_question_is_named_in_the_fans_language(app, bilingual, new_fan):
    _contest(bilingual, {"fr": {"label_city": "Votre ville"}})
    fan = new_fan()
    fan.get(fan.base + "?lang=fr")
    refused = fan.upload(photo(1), expect=400)
    assert "Veuillez remplir « Votre ville »." in str(refused)


def test_missing_translations_name_the_questions_left_to_translate(bilingual, staff):
    campaign = _contest(bilingual, {"fr": {"label_city": "Votre ville"}})
    kind = get_kind(campaign.kind)
    assert kind.missing_translations(campaign, ("fr",)) == ["question “Favourite café”"]
    assert kind.missing_translations(campaign, ("en", "fr")) == [
        "English: question “Your city”",
        "English: question “Favourite café”",
        "French: question “Favourite café”",
    ]
    page = html.unescape(staff().get(f"/console/acme/campaigns/{campaign.id}").get_data(True))
    assert "question “Favourite café”" in page and "question “Your city”" not in page
