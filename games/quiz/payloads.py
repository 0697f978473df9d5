"""What the fan's browser receives: questions without their answers, judgements, results.

Correct flags and personality weights leave the server only for a question already answered,
and weights never do. Texts are in the request's language where the content has them
(app/campaigns/languages.py), else in the brand's default language.
"""

from datetime import datetime

from app.campaigns.languages import text_in, translated
from app.extensions import db
from app.media import media_url
from app.models import MediaFile
from games.quiz import scoring
from games.quiz.attempts import Result
from games.quiz.gameplay import Judged
from games.quiz.models import QuizAnswer, QuizAttempt
from games.quiz.polls import PollQuestion


def image_url(media_id: int | None) -> str | None:
    media = db.session.get(MediaFile, media_id) if media_id else None
    return media_url(media) if media is not None else None


def _text(frozen: dict, field: str) -> str:
    """A frozen item's text in the fan's language (snapshots older than translations: default)."""
    return text_in(frozen.get(field) or "", frozen.get("translations"), field)


def question(attempt: QuizAttempt, row: QuizAnswer, now: datetime) -> dict:
    """The served question as the fan sees it: text, media, choices, time left. No answers."""
    frozen = attempt.snapshot["questions"][row.position]
    limit = frozen["time_limit"]
    left = None
    if limit is not None:
        left = max(round(limit - scoring.elapsed(row.served_at, now), 1), 0)
    return {
        "attempt_id": attempt.id,
        "question_id": frozen["id"],
        "number": row.position + 1,
        "total": len(attempt.snapshot["questions"]),
        "text": _text(frozen, "text"),
        "image_url": image_url(frozen["image_id"]),
        "video_url": frozen["video_url"],
        "multiple": frozen["multiple"],
        "time_limit": limit,
        "seconds_left": left,
        "choices": [{"id": c["id"], "text": _text(c, "text")} for c in frozen["choices"]],
    }


def judged(kind: str, outcome: Judged) -> dict:
    """After an answer: right or wrong, why, and what it adds to the quiz score (trivia).

    The quiz's own number is a score, never called points: points are what the fan card
    counts, and the result says how many the game earned.
    """
    answer = outcome.answer
    payload = {
        "question_id": answer.question_id,
        "finished": outcome.finished,
        "attempt_id": outcome.attempt.id,
    }
    if kind == "trivia":
        payload |= {
            "correct": bool(answer.correct),
            "late": answer.late,
            "score_gained": answer.points,
            "score": outcome.attempt.score,
            "correct_choice_ids": [c["id"] for c in outcome.question["choices"] if c["correct"]],
            "explanation": _text(outcome.question, "explanation"),
            "ended_by": outcome.attempt.ended_by,
            # Absent (null) when the quiz does not show it or too few others have answered.
            "right_share": None
            if outcome.right_share is None
            else {"percent": outcome.right_share.percent, "players": outcome.right_share.players},
        }
    return payload


def _standing(standing) -> dict | None:
    return None if standing is None else {"rank": standing.rank, "points": int(standing.value)}


def result(kind: str, result: Result) -> dict:
    attempt = result.attempt
    payload = {
        "attempt_id": attempt.id,
        "kind": kind,
        "ended_by": attempt.ended_by,
        "question_count": result.question_count,
        "points": result.attempt_points,
        "campaign_points": result.campaign_points,
        "campaign_rank": _standing(result.campaign_rank),
        "brand_rank": _standing(result.brand_rank),
    }
    if kind == "trivia":
        payload |= {
            "score": attempt.score,
            "correct_count": attempt.correct_count,
            "best_score": result.best.score if result.best else attempt.score,
            "is_best": result.best is not None and result.best.id == attempt.id,
        }
    if result.outcome is not None:
        payload["outcome"] = {
            "title": _text(result.outcome, "title"),
            "text": _text(result.outcome, "text"),
            "image_url": image_url(result.outcome["image_id"]),
        }
    return payload


def poll_question(item: PollQuestion) -> dict:
    question = item.question
    payload = {
        "question_id": question.id,
        "text": translated(question, "text"),
        "image_url": image_url(question.image_id),
        "video_url": question.video_url,
        "choices": [{"id": c.id, "text": translated(c, "text")} for c in question.choices],
        "voted_choice_id": item.voted_choice_id,
    }
    if item.counts is not None:
        payload["counts"] = {str(k): v for k, v in item.counts.items()}
        payload["total"] = item.total
    return payload
