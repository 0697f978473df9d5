"""Quizzes for the tests, built through the console's builder service as staff would build them."""

from datetime import timedelta

from app.extensions import db
from games.quiz import builder


def trivia(brand, slug="trivia", *, questions=None, status="live", now=None, **rules):
    """A trivia quiz; questions are (text, [(choice, correct)], options) tuples."""
    questions = questions or [
        ("2 + 2?", [("4", True), ("5", False), ("22", False)], {"explanation": "Arithmetic."}),
        ("Capital of France?", [("Paris", True), ("Lyon", False)], {}),
        ("Pick the primes", [("2", True), ("3", True), ("4", False)], {"multiple": True}),
    ]
    campaign = builder.create_campaign(brand, "trivia", title=slug.title(), slug=slug)
    campaign.settings = {**campaign.settings, **rules}
    for text, choices, options in questions:
        question = builder.add_question(campaign, text=text, **options)
        for choice, correct in choices:
            builder.add_choice(campaign, question, text=choice, correct=correct)
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
    campaign = builder.create_campaign(brand, "personality", title=slug.title(), slug=slug)
    campaign.settings = {**campaign.settings, **rules}
    made = [
        builder.add_outcome(campaign, title=title, text=f"You are a {title}.") for title in outcomes
    ]
    for text, choices in questions:
        question = builder.add_question(campaign, text=text)
        for choice_text, weights in choices:
            choice = builder.add_choice(campaign, question, text=choice_text)
            builder.update_choice(
                campaign,
                choice,
                text=choice_text,
                weights={o.id: w for o, w in zip(made, weights, strict=True)},
            )
    return _publish(campaign, status, now)


def poll(brand, slug="poll", *, questions=None, status="live", now=None):
    questions = questions or [
        ("Best season?", ["Spring", "Summer", "Autumn"]),
        ("Tea or coffee?", ["Tea", "Coffee"]),
    ]
    campaign = builder.create_campaign(brand, "poll", title=slug.title(), slug=slug)
    for text, choices in questions:
        question = builder.add_question(campaign, text=text)
        for choice in choices:
            builder.add_choice(campaign, question, text=choice)
    return _publish(campaign, status, now)


def _publish(campaign, status, now):
    if now is not None:
        campaign.starts_at = now - timedelta(days=1)
    if status != "draft":
        builder.set_status(campaign, status, now=now or campaign.created_at)
    db.session.commit()
    return campaign
