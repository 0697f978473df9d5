"""Quizzes for the tests, built through the quiz's own services as staff would build them."""

from datetime import timedelta

from app.campaigns import lifecycle
from app.extensions import db
from games.quiz import outcomes as quiz_outcomes
from games.quiz import questions as quiz_questions
from games.quiz.questions import ChoiceDraft, QuestionDraft
from games.quiz.quiz_types import KIND_KEYS


def trivia(brand, slug="trivia", *, questions=None, status="live", now=None, **rules):
    """A trivia quiz; questions are (text, [(choice, correct)], options) tuples."""
    questions = questions or [
        ("2 + 2?", [("4", True), ("5", False), ("22", False)], {"explanation": "Arithmetic."}),
        ("Capital of France?", [("Paris", True), ("Lyon", False)], {}),
        ("Pick the primes", [("2", True), ("3", True), ("4", False)], {"multiple": True}),
    ]
    campaign = lifecycle.create(brand, KIND_KEYS["trivia"], title=slug.title(), slug=slug)
    campaign.settings = {**campaign.settings, **rules}
    for text, choices, options in questions:
        rows = tuple(ChoiceDraft(None, choice, correct=correct) for choice, correct in choices)
        quiz_questions.save_question(campaign, None, QuestionDraft(text, choices=rows, **options))
    return _publish(campaign, status, now)


def personality(
    brand,
    slug="persona",
    *,
    outcomes=("Cat", "Dog"),
    questions=None,
    status="live",
    now=None,
    **rules,
):
    """A personality quiz; questions are (text, [(choice, [weight per outcome])])."""
    questions = questions or [
        ("Morning or night?", [("Night", [2, 0]), ("Morning", [0, 2])]),
        ("Indoors or out?", [("In", [1, 0]), ("Out", [0, 1])]),
    ]
    campaign = lifecycle.create(brand, KIND_KEYS["personality"], title=slug.title(), slug=slug)
    campaign.settings = {**campaign.settings, **rules}
    made = [
        quiz_outcomes.add_outcome(campaign, title=title, text=f"You are a {title}.")
        for title in outcomes
    ]
    for text, choices in questions:
        rows = tuple(
            ChoiceDraft(None, choice, weights={o.id: w for o, w in zip(made, weights, strict=True)})
            for choice, weights in choices
        )
        quiz_questions.save_question(campaign, None, QuestionDraft(text, choices=rows))
    return _publish(campaign, status, now)


def poll(brand, slug="poll", *, questions=None, status="live", now=None):
    questions = questions or [
        ("Best season?", ["Spring", "Summer", "Autumn"]),
        ("Tea or coffee?", ["Tea", "Coffee"]),
    ]
    campaign = lifecycle.create(brand, KIND_KEYS["poll"], title=slug.title(), slug=slug)
    for text, choices in questions:
        rows = tuple(ChoiceDraft(None, choice) for choice in choices)
        quiz_questions.save_question(campaign, None, QuestionDraft(text, choices=rows))
    return _publish(campaign, status, now)


def _publish(campaign, status, now):
    if now is not None:
        campaign.starts_at = now - timedelta(days=1)
    if status != "draft":
        lifecycle.set_status(campaign, status, now=now or campaign.created_at)
    db.session.commit()
    return campaign
