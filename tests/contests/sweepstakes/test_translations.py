"""A sweepstakes' prizes and rules written in the brand's languages, read in the fan's."""

import html
import re
from datetime import timedelta

import pytest

from app.campaigns import get_kind, lifecycle
from app.campaigns.refusals import Refused
from app.extensions import db
from app.models import Campaign
from contests.sweepstakes.models import SweepstakesSeal
from contests.sweepstakes.settings import KIND_KEY
from tests.contests.sweepstakes.conftest import RULES
from tests.contests.sweepstakes.test_console_rules import BASE, _create, _form
from tests.games.conftest import Browser

FRENCH = {
    "prizes": "Une machine à café",
    "prize_value": "400 EUR",
    "free_method": "Envoyez une carte postale à l'adresse de l'organisateur.",
}


@pytest.fixture
def bilingual(brand):
    brand.content_locales = ["fr"]
    db.session.commit()
    return brand


def _page(app, path: str, **headers) -> str:
    app.test_client_class = Browser
    response = app.test_client().get(path, headers=headers)
    assert response.status_code == 200, response.status_code
    return html.unescape(response.get_data(as_text=True))


def _pre(page: str, role: str) -> str:
    return re.search(rf'<pre[^>]*data-role="{role}">(.*?)</pre>', page, re.S)[1]


def test_french_texts_typed_in_the_console_are_stored_and_shown_again(app, bilingual, staff, clock):
    owner = staff("owner")
    campaign, edit = _create(owner)
    form = _form(clock, prizes__fr=FRENCH["prizes"], privacy__fr="Supprimées après le tirage.")
    saved = owner.submit(edit, form, page=edit, follow_redirects=True)
    assert "Settings saved." in saved.get_data(as_text=True)
    db.session.refresh(campaign)
    assert campaign.settings["translations"] == {
        "fr": {"prizes": FRENCH["prizes"], "privacy": "Supprimées après le tirage."}
    }
    page = html.unescape(owner.get(edit).get_data(as_text=True))
    assert re.search(r'<label for="prizes__fr">Prizes — Français', page)
    assert re.search(rf'name="prizes__fr"[^>]*lang="fr"[^>]*>{FRENCH["prizes"]}</textarea>', page)
    # An emptied translation is gone: fans read the default text again.
    owner.submit(edit, _form(clock, prizes__fr=""), page=edit)
    db.session.refresh(campaign)
    assert campaign.settings["translations"] == {}


def test_a_translation_too_long_is_refused_beside_its_input(app, bilingual, staff, clock):
    owner = staff("owner")
    campaign, edit = _create(owner)
    response = owner.submit(edit, _form(clock, prizes__fr="x" * 5001), page=edit)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(
        r'id="prizes__fr-problem" role="alert">Write a text of at most 5000 characters\.<', page
    )
    db.session.expire_all()
    assert not db.session.get(Campaign, campaign.id).settings.get("translations")


def test_translations_in_an_unknown_language_or_of_an_unknown_text_are_refused(bilingual):
    campaign = lifecycle.create(bilingual, KIND_KEY, title="Win", slug="win")
    for translations, words in (
        ({"de": {"prizes": "Eine Kaffeemaschine"}}, "“de” is not a language content can be"),
        ({"fr": {"sponsor_name": "Acme"}}, "“sponsor_name” is not a text that is translated."),
        ({"fr": {"prizes": 4}}, "Write a text of at most 5000 characters."),
    ):
        with pytest.raises(Refused) as refused:
            lifecycle.update(
                campaign,
                title="Win",
                starts_at=None,
                ends_at=None,
                settings={"translations": translations},
            )
        assert words in refused.value.message
        db.session.rollback()


def test_a_french_fan_reads_french_prizes_and_rules_an_english_fan_english(app, bilingual, clock):
    campaign = _go_live(bilingual, clock, FRENCH, title="Gagnez une machine à café")
    french = _page(app, "/e/acme/win/sweepstakes/", **{"Accept-Language": "fr"})
    assert "<h1>Gagnez une machine à café</h1>" in french
    assert "Une machine à café" in french and "Valeur approximative : 400 EUR" in french
    english = _page(app, "/e/acme/win/sweepstakes/?lang=en", **{"Accept-Language": "fr"})
    assert "<h1>Win a coffee machine</h1>" in english
    assert "A coffee machine" in english and "Une machine" not in english

    rules = _page(app, "/e/acme/win/sweepstakes/rules?lang=fr")
    translation = _pre(rules, "rules-translation")
    assert translation.startswith("RÈGLEMENT OFFICIEL : Gagnez une machine à café")
    assert "Une machine à café\nValeur approximative : 400 EUR" in translation
    assert FRENCH["free_method"] in translation
    # Not written in French: the default language's text stands in.
    assert "Winners are emailed within a week." in translation
    official = _pre(rules, "rules")
    assert official.startswith("OFFICIAL RULES: Win a coffee machine")
    assert "A coffee machine\nApproximate value: EUR 400" in official
    assert "Une machine" not in official
    seal = db.session.get(SweepstakesSeal, campaign.id)
    assert seal.rules_text == official


def test_a_missing_translation_falls_back_to_the_default_text(app, bilingual, clock):
    campaign = _go_live(bilingual, clock, {})
    french = _page(app, "/e/acme/win/sweepstakes/?lang=fr")
    assert "A coffee machine" in french
    rules = _pre(_page(app, "/e/acme/win/sweepstakes/rules?lang=fr"), "rules-translation")
    assert "A coffee machine\nValeur approximative : EUR 400" in rules
    assert get_kind(campaign.kind).missing_translations(campaign, ("fr",)) == [
        "sponsor's address",
        "prizes",
        "approximate value of the prizes",
        "free method of entry",
        "how winners are notified",
        "privacy notice",
        "additional rules",
    ]


def test_missing_translations_name_what_is_left_to_translate(app, bilingual, clock, staff):
    campaign = _go_live(bilingual, clock, FRENCH)
    kind = get_kind(campaign.kind)
    assert kind.missing_translations(campaign, ("fr",)) == [
        "sponsor's address",
        "how winners are notified",
        "privacy notice",
        "additional rules",
    ]
    assert "French: sponsor's address" in kind.missing_translations(campaign, ("en", "fr"))
    page = html.unescape(staff("owner").get(f"{BASE}/{campaign.id}").get_data(as_text=True))
    assert "how winners are notified" in page and "free method of entry" not in page


def _go_live(brand, clock, texts: dict, title: str | None = None) -> Campaign:
    """A live sweepstakes with these French texts (and French title), built as staff would."""
    now = clock.now()
    campaign = lifecycle.create(brand, KIND_KEY, title="Win a coffee machine", slug="win")
    if title:
        # The title's translation is the campaign's own, written on the common form.
        campaign.translations = {"fr": {"title": title}}
    lifecycle.update(
        campaign,
        title=campaign.title,
        starts_at=now,
        ends_at=now + timedelta(days=7),
        settings={**RULES, "translations": {"fr": dict(texts)} if texts else {}},
    )
    lifecycle.set_status(campaign, "live", now=now)
    db.session.commit()
    return campaign
