"""Demo quizzes for the demo brand: one live quiz of each kind, played by a few hundred fans.

Plays go through the same services as real ones (attempts, answers, votes, shares and their
engagement events), back-dated over the weeks the quiz has been live.
"""

import random
from datetime import timedelta

from sqlalchemy import select

from app.campaigns import lifecycle
from app.extensions import db
from app.models import Campaign, FanProfile, utcnow
from games.quiz import gameplay, outcomes, polls, questions, sharing
from games.quiz.demo_french import FRENCH
from games.quiz.questions import ChoiceDraft, QuestionDraft
from games.quiz.quiz_types import KIND_KEYS

DAYS_LIVE = 30
PLAYERS = {"trivia": 220, "personality": 200, "poll": 260}

TRIVIA = {
    "slug": "coffee-trivia",
    "title": "How well do you know coffee?",
    "settings": {"attempts": "count", "max_attempts": 3, "speed_bonus": 50},
    "questions": [
        (
            "Which country grows the most coffee?",
            "Brazil has led world production for more than 150 years.",
            [("Brazil", True), ("Colombia", False), ("Ethiopia", False), ("Vietnam", False)],
        ),
        (
            "What gives a cappuccino its cap?",
            "The 'cap' is the thick layer of milk foam on top.",
            [("Milk foam", True), ("Cocoa powder", False), ("Whipped cream", False)],
        ),
        (
            "Where does the coffee plant come from?",
            "Coffea arabica grew wild in the highlands of Ethiopia.",
            [("Ethiopia", True), ("Yemen", False), ("Jamaica", False), ("Indonesia", False)],
        ),
        (
            "Which has more caffeine per bean?",
            "Robusta beans hold about twice the caffeine of arabica.",
            [("Robusta", True), ("Arabica", False)],
        ),
        (
            "How long does a classic espresso shot take to pull?",
            "Around 25 to 30 seconds for 30 ml.",
            [("About 25-30 seconds", True), ("About 5 seconds", False), ("About 2 minutes", False)],
        ),
    ],
}
PERSONALITY = {
    "slug": "which-coffee-are-you",
    "title": "Which coffee are you?",
    "settings": {"attempts": "unlimited", "tie_rule": "random"},
    "outcomes": [
        ("Espresso", "Short, strong and straight to the point."),
        ("Flat white", "Smooth, balanced and everyone's friend."),
        ("Cold brew", "Patient, cool and always ready for summer."),
    ],
    "questions": [
        (
            "Your ideal Saturday morning?",
            [
                ("Up early, straight to work", [3, 0, 0]),
                ("Brunch with friends", [0, 3, 0]),
                ("Sleeping in", [0, 0, 3]),
            ],
        ),
        (
            "Pick a place to travel",
            [("Rome", [2, 0, 0]), ("Melbourne", [0, 2, 0]), ("Lisbon in August", [0, 0, 2])],
        ),
        (
            "How do you answer messages?",
            [
                ("Instantly", [2, 0, 1]),
                ("With a long voice note", [0, 2, 0]),
                ("Eventually", [0, 0, 2]),
            ],
        ),
    ],
}
POLL = {
    "slug": "next-seasonal-drink",
    "title": "Choose our next seasonal drink",
    "settings": {},
    "questions": [
        (
            "Which drink should come back this winter?",
            ["Gingerbread latte", "Chestnut mocha", "Spiced orange cold brew"],
        ),
        ("Oat, almond or cow's milk?", ["Oat", "Almond", "Cow's milk"]),
    ],
}
DEMOS = {"trivia": TRIVIA, "personality": PERSONALITY, "poll": POLL}


def load(quiz: str, brand) -> list[str]:
    """Add this kind's demo quiz to the brand if it is missing; say what was done."""
    spec = DEMOS[quiz]
    exists = db.session.scalar(
        select(Campaign.id).where(Campaign.brand_id == brand.id, Campaign.slug == spec["slug"])
    )
    if exists is not None:
        return []
    now = utcnow()
    french = FRENCH[quiz]
    campaign = lifecycle.create(
        brand,
        KIND_KEYS[quiz],
        title=spec["title"],
        slug=spec["slug"],
        translations={"fr": {"title": french["title"]}},
    )
    campaign.settings = {**campaign.settings, **spec["settings"]}
    campaign.starts_at = now - timedelta(days=DAYS_LIVE)
    _content(campaign, quiz, spec)
    lifecycle.set_status(campaign, "live", now=now)
    fans = list(
        db.session.scalars(
            select(FanProfile).where(FanProfile.brand_id == brand.id).order_by(FanProfile.id)
        )
    )
    rng = random.Random(f"demo-{quiz}")
    players = rng.sample(fans, min(PLAYERS[quiz], len(fans)))
    moments = sorted(
        campaign.starts_at + timedelta(seconds=rng.uniform(0, DAYS_LIVE * 86400 - 3600))
        for _ in players
    )
    sharers = []
    took_part = 0
    for fan, at in zip(players, moments, strict=True):
        if quiz == "poll":
            took_part += _vote(rng, campaign, fan, at)
        else:
            _play(rng, campaign, fan, at, sharers)
            took_part += 1
    label = "poll" if quiz == "poll" else f"{quiz} quiz"
    return [f"Demo {label} {campaign.title!r} (/{campaign.slug}) with {took_part} players."]


def _fr(**texts) -> dict:
    return {"fr": {field: text for field, text in texts.items() if text}}


def _content(campaign, quiz: str, spec: dict) -> None:
    french = FRENCH[quiz]["questions"]
    if quiz == "trivia":
        for (text, explanation, choices), (fr_text, fr_explanation, fr_choices) in zip(
            spec["questions"], french, strict=True
        ):
            rows = tuple(
                ChoiceDraft(None, choice, correct=right, translations=_fr(text=fr_choice))
                for (choice, right), fr_choice in zip(choices, fr_choices, strict=True)
            )
            draft = QuestionDraft(
                text,
                explanation=explanation,
                time_limit=20,
                choices=rows,
                translations=_fr(text=fr_text, explanation=fr_explanation),
            )
            questions.save_question(campaign, None, draft)
    elif quiz == "personality":
        made = [
            outcomes.add_outcome(campaign, title=t, text=x, translations=_fr(title=ft, text=fx))
            for (t, x), (ft, fx) in zip(spec["outcomes"], FRENCH[quiz]["outcomes"], strict=True)
        ]
        for (text, choices), (fr_text, _none, fr_choices) in zip(
            spec["questions"], french, strict=True
        ):
            rows = tuple(
                ChoiceDraft(
                    None,
                    choice,
                    weights={o.id: w for o, w in zip(made, weights, strict=True)},
                    translations=_fr(text=fr_choice),
                )
                for (choice, weights), fr_choice in zip(choices, fr_choices, strict=True)
            )
            draft = QuestionDraft(text, choices=rows, translations=_fr(text=fr_text))
            questions.save_question(campaign, None, draft)
    else:
        for (text, choices), (fr_text, _none, fr_choices) in zip(
            spec["questions"], french, strict=True
        ):
            rows = tuple(
                ChoiceDraft(None, choice, translations=_fr(text=fr_choice))
                for choice, fr_choice in zip(choices, fr_choices, strict=True)
            )
            draft = QuestionDraft(text, choices=rows, translations=_fr(text=fr_text))
            questions.save_question(campaign, None, draft)


def _play(rng: random.Random, campaign, fan, at, sharers: list) -> None:
    """One fan's game: a few seconds per question, mostly right, sometimes abandoned."""
    referrer = rng.choice(sharers).referral_code if sharers and rng.random() < 0.2 else None
    attempt = gameplay.start(campaign, fan, now=at, referral_code=referrer)
    for _ in attempt.snapshot["questions"]:
        if rng.random() < 0.04:
            return
        row = gameplay.serve(attempt, now=at)
        if row is None:
            return
        question = attempt.snapshot["questions"][row.position]
        right = [c["id"] for c in question["choices"] if c["correct"]]
        wrong = [c["id"] for c in question["choices"] if not c["correct"]]
        pick = right if rng.random() < 0.7 or not wrong else [rng.choice(wrong)]
        if not right:
            pick = [rng.choice(question["choices"])["id"]]
        at += timedelta(seconds=rng.uniform(2, 15))
        gameplay.answer(campaign, fan, row.question_id, pick, now=at)
        at += timedelta(seconds=rng.uniform(1, 5))
    if rng.random() < 0.25:
        sharing.share(campaign, fan, attempt.id)
        sharers.append(fan)


def _vote(rng: random.Random, campaign, fan, at) -> bool:
    """A fan answers most of the poll's questions; True if they voted at all."""
    voted = False
    for question in polls.view(campaign, None):
        if rng.random() < 0.85:
            choices = question.question.choices
            pick = rng.choices(choices, weights=range(len(choices), 0, -1))[0]
            polls.vote(campaign, fan, question.question.id, pick.id, now=at)
            at += timedelta(seconds=rng.uniform(3, 20))
            voted = True
    return voted
