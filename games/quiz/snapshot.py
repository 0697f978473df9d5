"""What an attempt is served, frozen at its start: questions, choices, answers, weights, rules.

The snapshot is plain JSON kept on the attempt. Scoring reads it and never the live content,
so staff may fix a typo or an answer while fans play without changing any attempt under way.
Texts are frozen in every language the brand wrote them in (each item's "translations"), and
picked per request (games.quiz.payloads), so a fan who switches language mid-game reads the
same questions in the new language with nothing of the game changed.
"""

import random

from games.quiz import content, settings
from games.quiz.settings import QuizRules


def freeze(campaign_id: int, rules: QuizRules, rng: random.Random) -> dict:
    """The questions in the order this attempt serves them, with its rules."""
    questions = [_question(q, rules, rng) for q in content.questions(campaign_id)]
    if rules.shuffle_questions:
        rng.shuffle(questions)
    outcomes = [
        {
            "id": o.id,
            "title": o.title,
            "text": o.text,
            "image_id": o.image_id,
            "translations": o.translations or {},
        }
        for o in content.outcomes(campaign_id)
    ]
    return {"rules": rules.as_dict(), "questions": questions, "outcomes": outcomes}


def _question(question, rules: QuizRules, rng: random.Random) -> dict:
    choices = [
        {
            "id": c.id,
            "text": c.text,
            "correct": c.correct,
            # JSON object keys are strings; outcome ids are turned back into ints when read.
            "weights": {str(w.outcome_id): w.weight for w in c.weights},
            "translations": c.translations or {},
        }
        for c in question.choices
    ]
    if rules.shuffle_choices:
        rng.shuffle(choices)
    return {
        "id": question.id,
        "text": question.text,
        "image_id": question.image_id,
        "video_url": question.video_url,
        "explanation": question.explanation,
        "time_limit": question.time_limit_seconds,
        "multiple": question.multiple,
        "choices": choices,
        "translations": question.translations or {},
    }


def find(snapshot: dict, question_id) -> dict | None:
    """The question with this id as the snapshot froze it, or None."""
    return next((q for q in snapshot["questions"] if q["id"] == question_id), None)


def rules(snapshot: dict) -> QuizRules:
    """The rules frozen at the start; a setting added since then takes its default."""
    return settings.read(snapshot["rules"])
