"""Staff edits to a quiz: the campaign, its questions, choices, outcomes, weights and status.

Once fans have played, the structure (which questions, choices and outcomes exist) is frozen:
attempts and votes point at it. Texts, explanations, images, answers and weights may still
change; attempts under way keep what their snapshot froze.
"""

from datetime import datetime

from sqlalchemy import exists, func, select

from app.campaigns.drafts import (
    ADDRESS,
    BAD_ADDRESS,
    AddressTaken,
    add_draft,
    basics_problems,
    save_basics,
)
from app.extensions import db
from app.media import store_image
from app.models import Campaign
from app.models.campaign import STATUSES
from games.quiz import settings, validation
from games.quiz.models import (
    QuizAttempt,
    QuizChoice,
    QuizChoiceWeight,
    QuizOutcome,
    QuizPollVote,
    QuizQuestion,
)
from games.quiz.quiz_types import IMAGE_PURPOSE, KIND_KEYS, quiz_type

MAX_TIME_LIMIT = 3600
DEFAULT_SETTINGS = {
    "trivia": {"attempts": "once"},
    "personality": {"attempts": "unlimited"},
    "poll": {},
}
LIVE_STATUSES = ("scheduled", "live")


class BuilderRefused(Exception):
    """An edit that cannot be made; `problems` lists why, in words staff can act on."""

    def __init__(self, *problems: str):
        super().__init__(" ".join(problems))
        self.problems = list(problems)


def create_campaign(brand, quiz: str, *, title: str, slug: str) -> Campaign:
    """A new draft quiz of this type."""
    title, slug = (title or "").strip(), (slug or "").strip().lower()
    if not title:
        raise BuilderRefused("Give the quiz a title.")
    if not ADDRESS.fullmatch(slug):
        raise BuilderRefused(BAD_ADDRESS)
    try:
        return add_draft(
            brand,
            kind=KIND_KEYS[quiz],
            slug=slug,
            title=title[:200],
            settings=dict(DEFAULT_SETTINGS[quiz]),
        )
    except AddressTaken as taken:
        raise BuilderRefused(str(taken)) from None


def update_campaign(
    campaign: Campaign,
    *,
    title: str,
    rules_text: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    rules: dict,
) -> None:
    """Title, rules text, dates and quiz settings; refused as a whole if any is wrong."""
    problems = settings.problems(rules) + basics_problems(title, starts_at, ends_at, noun="quiz")
    if problems:
        raise BuilderRefused(*problems)
    save_basics(
        campaign,
        title=title,
        rules_text=rules_text,
        starts_at=starts_at,
        ends_at=ends_at,
        settings=rules,
    )


def set_status(campaign: Campaign, status: str, *, now: datetime) -> None:
    """Move the campaign to status; scheduling or going live needs a quiz with no problems."""
    if status not in STATUSES:
        raise BuilderRefused(f"Unknown status {status!r}.")
    if status in LIVE_STATUSES:
        problems = validation.problems(campaign, now=now)
        if problems:
            raise BuilderRefused(*problems)
    campaign.status = status
    db.session.flush()


def has_plays(campaign: Campaign) -> bool:
    """Whether any fan has started an attempt or voted."""
    return bool(
        db.session.scalar(
            select(
                exists().where(QuizAttempt.campaign_id == campaign.id)
                | exists().where(QuizPollVote.campaign_id == campaign.id)
            )
        )
    )


def _structure_open(campaign: Campaign) -> None:
    if has_plays(campaign):
        raise BuilderRefused(
            "Fans have already played, so questions, choices and outcomes can no longer be "
            "added or removed; texts, answers and weights can still be edited."
        )


def _next_position(column, *where) -> int:
    last = db.session.scalar(select(func.max(column)).where(*where))
    return 0 if last is None else last + 1


def _checked_question_fields(text, explanation, time_limit, video_url) -> dict:
    problems = []
    text = (text or "").strip()
    if not text:
        problems.append("Write the question.")
    if time_limit is not None and not (
        isinstance(time_limit, int) and 1 <= time_limit <= MAX_TIME_LIMIT
    ):
        problems.append(f"The time limit is a number of seconds from 1 to {MAX_TIME_LIMIT}.")
    video_url = (video_url or "").strip() or None
    if video_url and (not video_url.startswith("https://") or len(video_url) > 500):
        problems.append("The video link must be an https:// address of at most 500 characters.")
    if problems:
        raise BuilderRefused(*problems)
    return {
        "text": text,
        "explanation": (explanation or "").strip(),
        "time_limit_seconds": time_limit,
        "video_url": video_url,
    }


def add_question(
    campaign: Campaign, *, text, explanation="", time_limit=None, video_url=None, multiple=False
) -> QuizQuestion:
    _structure_open(campaign)
    fields = _checked_question_fields(text, explanation, time_limit, video_url)
    question = QuizQuestion(
        campaign_id=campaign.id,
        position=_next_position(QuizQuestion.position, QuizQuestion.campaign_id == campaign.id),
        multiple=bool(multiple) and quiz_type(campaign) == "trivia",
        **fields,
    )
    db.session.add(question)
    db.session.flush()
    return question


def update_question(
    campaign: Campaign,
    question: QuizQuestion,
    *,
    text,
    explanation,
    time_limit,
    video_url,
    multiple,
) -> None:
    fields = _checked_question_fields(text, explanation, time_limit, video_url)
    for name, value in fields.items():
        setattr(question, name, value)
    question.multiple = bool(multiple) and quiz_type(campaign) == "trivia"
    db.session.flush()


def delete_question(campaign: Campaign, question: QuizQuestion) -> None:
    _structure_open(campaign)
    db.session.delete(question)
    db.session.flush()


def move_question(campaign: Campaign, question: QuizQuestion, step: int) -> None:
    """Swap the question with its neighbour above (step -1) or below (step 1)."""
    ordered = list(
        db.session.scalars(
            select(QuizQuestion)
            .where(QuizQuestion.campaign_id == campaign.id)
            .order_by(QuizQuestion.position, QuizQuestion.id)
        )
    )
    index = ordered.index(question)
    other = index + step
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, row in enumerate(ordered):
        row.position = position
    db.session.flush()


def set_image(campaign: Campaign, target, stream) -> None:
    """Store an uploaded picture (checked and re-encoded by app.media) on a question or outcome.

    Raises app.media.UploadRejected with a message for staff when the file is refused.
    """
    media = store_image(stream, brand_id=campaign.brand_id, purpose=IMAGE_PURPOSE)
    target.image_id = media.id
    db.session.flush()


def add_choice(campaign: Campaign, question: QuizQuestion, *, text, correct=False) -> QuizChoice:
    _structure_open(campaign)
    text = (text or "").strip()
    if not text:
        raise BuilderRefused("Write the choice.")
    choice = QuizChoice(
        question_id=question.id,
        position=_next_position(QuizChoice.position, QuizChoice.question_id == question.id),
        text=text[:500],
        correct=bool(correct) and quiz_type(campaign) == "trivia",
    )
    db.session.add(choice)
    db.session.flush()
    return choice


def update_choice(
    campaign: Campaign, choice: QuizChoice, *, text, correct=False, weights=None
) -> None:
    """Text, correct flag (trivia) and weights per outcome id (personality)."""
    text = (text or "").strip()
    if not text:
        raise BuilderRefused("Write the choice.")
    choice.text = text[:500]
    choice.correct = bool(correct) and quiz_type(campaign) == "trivia"
    if weights is not None and quiz_type(campaign) == "personality":
        _set_weights(campaign, choice, weights)
    db.session.flush()


def _set_weights(campaign: Campaign, choice: QuizChoice, weights: dict[int, int]) -> None:
    own = set(
        db.session.scalars(select(QuizOutcome.id).where(QuizOutcome.campaign_id == campaign.id))
    )
    problems = [f"Outcome {o} is not part of this quiz." for o in weights if o not in own]
    problems += [
        "Weights are whole numbers from -100 to 100."
        for w in weights.values()
        if not isinstance(w, int) or not -100 <= w <= 100
    ][:1]
    if problems:
        raise BuilderRefused(*problems)
    existing = {w.outcome_id: w for w in choice.weights}
    for outcome_id, weight in weights.items():
        row = existing.get(outcome_id)
        if weight == 0 and row is not None:
            choice.weights.remove(row)
        elif row is not None:
            row.weight = weight
        elif weight != 0:
            choice.weights.append(
                QuizChoiceWeight(choice_id=choice.id, outcome_id=outcome_id, weight=weight)
            )


def delete_choice(campaign: Campaign, choice: QuizChoice) -> None:
    _structure_open(campaign)
    db.session.delete(choice)
    db.session.flush()


def add_outcome(campaign: Campaign, *, title, text="") -> QuizOutcome:
    _structure_open(campaign)
    title = (title or "").strip()
    if not title:
        raise BuilderRefused("Give the outcome a title.")
    outcome = QuizOutcome(
        campaign_id=campaign.id,
        position=_next_position(QuizOutcome.position, QuizOutcome.campaign_id == campaign.id),
        title=title[:200],
        text=(text or "").strip(),
    )
    db.session.add(outcome)
    db.session.flush()
    return outcome


def update_outcome(outcome: QuizOutcome, *, title, text) -> None:
    title = (title or "").strip()
    if not title:
        raise BuilderRefused("Give the outcome a title.")
    outcome.title, outcome.text = title[:200], (text or "").strip()
    db.session.flush()


def delete_outcome(campaign: Campaign, outcome: QuizOutcome) -> None:
    _structure_open(campaign)
    db.session.delete(outcome)
    db.session.flush()
