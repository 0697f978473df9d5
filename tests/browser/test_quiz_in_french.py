"""A fan whose browser speaks French plays a trivia quiz written in English and French."""

from playwright.sync_api import expect
from sqlalchemy import select

from app.campaigns import lifecycle
from app.extensions import db
from app.models import Brand, utcnow
from games.quiz import questions
from games.quiz.questions import ChoiceDraft, QuestionDraft
from games.quiz.quiz_types import KIND_KEYS


def bilingual_quiz(brand) -> None:
    """Entered as staff would: English by default, French beside each text."""
    brand.content_locales = ["fr"]
    campaign = lifecycle.create(
        brand,
        KIND_KEYS["trivia"],
        title="Coffee trivia",
        slug="coffee",
        translations={"fr": {"title": "Quiz du café"}},
    )
    for text, fr_text, explanation, fr_explanation, choices in (
        (
            "Which country grows the most coffee?",
            "Quel pays produit le plus de café ?",
            "Brazil has led for 150 years.",
            "Le Brésil est en tête depuis 150 ans.",
            [("Brazil", "Brésil", True), ("Ethiopia", "Éthiopie", False)],
        ),
        (
            "What tops a cappuccino?",
            "Qu'est-ce qui coiffe un cappuccino ?",
            "Milk foam makes the cap.",
            "La mousse de lait fait la coiffe.",
            [("Milk foam", "Mousse de lait", True), ("Whipped cream", "Crème fouettée", False)],
        ),
    ):
        rows = tuple(
            ChoiceDraft(None, en, correct=right, translations={"fr": {"text": fr}})
            for en, fr, right in choices
        )
        draft = QuestionDraft(
            text,
            explanation=explanation,
            choices=rows,
            translations={"fr": {"text": fr_text, "explanation": fr_explanation}},
        )
        questions.save_question(campaign, None, draft)
    lifecycle.set_status(campaign, "live", now=utcnow())


def test_a_french_fan_plays_the_quiz_in_french(browser, live):
    live.seed()
    with live.app.app_context():
        bilingual_quiz(db.session.scalar(select(Brand).where(Brand.slug == "acme")))
        db.session.commit()
    context = browser.new_context(locale="fr-FR", viewport={"width": 375, "height": 812})
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(f"{live.url}/e/acme/coffee")
    expect(page.get_by_role("heading", name="Quiz du café")).to_be_visible()
    page.get_by_role("button", name="Commencer le quiz").click()
    expect(page.get_by_text("Question 1 sur 2")).to_be_visible()
    expect(page.get_by_text("Quel pays produit le plus de café ?")).to_be_visible()
    expect(page.get_by_role("button", name="Éthiopie")).to_be_visible()
    page.get_by_role("button", name="Brésil").click()
    expect(page.get_by_text("Bonne réponse !")).to_be_visible()
    expect(page.get_by_text("Le Brésil est en tête depuis 150 ans.")).to_be_visible()
    page.get_by_role("button", name="Question suivante").click()
    expect(page.get_by_text("Qu'est-ce qui coiffe un cappuccino ?")).to_be_visible()
    page.get_by_role("button", name="Crème fouettée").click()
    expect(page.get_by_text("La mousse de lait fait la coiffe.")).to_be_visible()
    expect(page.get_by_text("Réponse : Mousse de lait")).to_be_visible()
    page.get_by_role("button", name="Voir mon résultat").click()

    expect(page.get_by_text("1 bonne réponse sur 2")).to_be_visible()
    expect(page.get_by_role("heading", name="Quiz du café")).to_be_visible()
    for english in ("Coffee trivia", "Which country", "Brazil", "Milk foam makes"):
        assert english not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert errors == []
    context.close()
