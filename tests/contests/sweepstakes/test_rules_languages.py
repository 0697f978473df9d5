"""Official rules in the brand's languages: one hashed official text, translations beside it."""

import hashlib
import html
import re

from sqlalchemy import text

from app.extensions import db
from contests.sweepstakes import draw, drawing, rules
from contests.sweepstakes.models import SweepstakesSeal
from tests.contests.sweepstakes.conftest import live_sweepstakes
from tests.contests.sweepstakes.test_draws import _close_and_draw, _enter, _verify
from tests.games.conftest import Browser

RULES_PAGE = "/e/acme/win/sweepstakes/rules"


def _pre(page: str, role: str) -> str | None:
    found = re.search(rf'<pre[^>]*data-role="{role}">(.*?)</pre>', page, re.S)
    return html.unescape(found[1]) if found else None


def _rules_page(app, lang: str) -> str:
    app.test_client_class = Browser
    response = app.test_client().get(RULES_PAGE, query_string={"lang": lang})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_french_page_shows_french_rules_and_says_the_english_text_is_the_hashed_one(
    app, sweepstakes, clock
):
    page = _rules_page(app, "fr")

    translation = _pre(page, "rules-translation")
    assert "AUCUN ACHAT NÉCESSAIRE" in translation
    assert "3. Conditions de participation\nOuvert aux personnes âgées d\u2019au moins 18 ans" in (
        translation
    )
    assert "8. Désignation des gagnants\n2 gagnants et 2 suppléants sont tirés au sort" in (
        translation
    )
    assert "Ceci est une traduction. Le règlement officiel est le texte en anglais" in page
    official = _pre(page, "rules")
    assert official.startswith("OFFICIAL RULES: Win a coffee machine\nNO PURCHASE NECESSARY")
    published = re.search(r'data-role="rules-hash">([0-9a-f]{64})<', page)[1]
    assert hashlib.sha256(official.encode()).hexdigest() == published
    assert 'lang="en" data-role="rules"' in page and 'lang="fr" data-role="rules-translation"' in (
        page
    )

    english = _rules_page(app, "en")
    assert _pre(english, "rules-translation") is None
    assert "These are the official rules, in English" in english
    assert 'href="?lang=fr"' in english  # the French text is published beside it

    _enter(sweepstakes, clock, 4)
    _close_and_draw(sweepstakes, clock)
    assert draw.verify(drawing.published(sweepstakes)).matches
    assert "MATCH: the winners follow" in _verify(app).output


def test_a_french_brand_freezes_french_rules_whose_draw_verifies(app, brand, clock):
    brand.locale = "fr"
    db.session.commit()
    campaign = live_sweepstakes(brand, clock.now(), winners=1, alternates=0)
    seal = db.session.get(SweepstakesSeal, campaign.id)
    assert seal.rules_locale == "fr"
    assert seal.rules_text.startswith("RÈGLEMENT OFFICIEL : Win a coffee machine")
    assert "8. Désignation des gagnants\n1 gagnant et 0 suppléant sont tirés au sort" in (
        seal.rules_text
    )
    assert seal.rules_hash == hashlib.sha256(seal.rules_text.encode()).hexdigest()
    assert seal.rules_translations["en"].startswith("OFFICIAL RULES: Win a coffee machine")
    assert draw.stated_counts(seal.rules_text) == (1, 0)

    english = _rules_page(app, "en")
    assert "This is a translation. The official rules are the text in French below" in english
    assert _pre(english, "rules").startswith("RÈGLEMENT OFFICIEL")

    _enter(campaign, clock, 3)
    _close_and_draw(campaign, clock)
    assert draw.verify(drawing.published(campaign)).matches
    result = _verify(app)
    assert result.exit_code == 0 and "MATCH: the winners follow" in result.output
    draw_page = app.test_client().get("/e/acme/win/sweepstakes/draw?lang=fr")
    assert "Les règles correspondent à leur empreinte" in draw_page.get_data(as_text=True)


def test_rules_frozen_before_translations_say_they_exist_in_one_language(app, sweepstakes, clock):
    db.session.execute(text("UPDATE sweepstakes_seal SET rules_translations = '{}'"))
    db.session.commit()
    page = _rules_page(app, "fr")
    assert "Ce règlement n\u2019est publié qu\u2019en anglais." in page
    assert _pre(page, "rules-translation") is None
    assert rules.texts_of(db.session.get(SweepstakesSeal, sweepstakes.id)) == {
        "en": _pre(page, "rules")
    }


def test_rules_frozen_with_the_older_plural_wording_still_state_their_counts():
    older = "8. How winners are drawn\n2 winner(s) and 3 alternate(s) are drawn at random, ..."
    assert draw.stated_counts(older) == (2, 3)
    assert draw.stated_counts(older.replace("2 winner(s)", "1 winner")) == (1, 3)
