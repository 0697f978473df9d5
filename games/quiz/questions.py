"""A quiz's questions, each saved with its choices as one form: add, edit, remove, reorder."""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from app.campaigns import languages
from app.campaigns.refusals import Problem, Refused
from app.extensions import db
from app.models import Campaign
from games.quiz import outcomes, structure
from games.quiz.models import QuizChoice, QuizQuestion
from games.quiz.quiz_types import quiz_type

MAX_TIME_LIMIT = 3600
# The texts a fan reads, each also kept per language in the row's `translations`.
QUESTION_TEXTS = ("text", "explanation")
CHOICE_TEXTS = ("text",)


@dataclass(frozen=True)
class ChoiceDraft:
    """One choice row of the question form: an existing choice (its id) or a new one (None)."""

    id: int | None
    text: str
    correct: bool = False
    # Personality: weight per outcome id.
    weights: dict[int, int] = field(default_factory=dict)
    remove: bool = False
    # {"fr": {"text": ...}} for the brand's other languages; None leaves them as they are.
    translations: dict | None = None

    @property
    def blank(self) -> bool:
        """A new row left empty: the form offers spare rows, unused ones mean nothing."""
        return self.id is None and not self.text.strip()


@dataclass(frozen=True)
class QuestionDraft:
    """What the question form says: the question and every choice row."""

    text: str
    explanation: str = ""
    time_limit: int | None = None
    video_url: str | None = None
    multiple: bool = False
    choices: tuple[ChoiceDraft, ...] = ()
    # {"fr": {"text": ..., "explanation": ...}}; None leaves them as they are.
    translations: dict | None = None


def save_question(
    campaign: Campaign, question: QuizQuestion | None, draft: QuestionDraft
) -> QuizQuestion:
    """Add (question None) or edit a question together with its choices; refused as a whole."""
    kind = quiz_type(campaign)
    rows = [row for row in draft.choices if not row.blank]
    own = {choice.id: choice for choice in question.choices} if question else {}
    problems = _question_problems(draft)
    problems += _choice_problems(campaign, kind, rows, own)
    if question is None or any(row.id is None or row.remove for row in rows):
        problems += structure.frozen_problems(campaign)
    if problems:
        raise Refused(*problems)
    if question is None:
        question = QuizQuestion(
            campaign_id=campaign.id,
            position=structure.next_position(
                QuizQuestion.position, QuizQuestion.campaign_id == campaign.id
            ),
        )
        db.session.add(question)
    question.text = draft.text.strip()
    question.explanation = (draft.explanation or "").strip()
    question.time_limit_seconds = draft.time_limit
    question.video_url = (draft.video_url or "").strip() or None
    question.multiple = bool(draft.multiple) and kind == "trivia"
    _translate(campaign, question, draft.translations, QUESTION_TEXTS)
    db.session.flush()
    for row in rows:
        _save_choice(campaign, kind, question, own.get(row.id), row)
    db.session.flush()
    db.session.expire(question, ["choices"])
    return question


def _question_problems(draft: QuestionDraft) -> list[str]:
    problems = []
    if not (draft.text or "").strip():
        problems.append(Problem(_("Write the question."), "text"))
    limit = draft.time_limit
    if limit is not None and not (
        isinstance(limit, int) and not isinstance(limit, bool) and 1 <= limit <= MAX_TIME_LIMIT
    ):
        message = _("The time limit is a number of seconds from 1 to %(max)d.", max=MAX_TIME_LIMIT)
        problems.append(Problem(message, "time_limit"))
    video_url = (draft.video_url or "").strip()
    if video_url and (not video_url.startswith("https://") or len(video_url) > 500):
        problems.append(_("The video link must be an https:// address of at most 500 characters."))
    return problems


def _choice_problems(campaign, kind: str, rows: list[ChoiceDraft], own: dict) -> list[str]:
    problems = []
    for number, row in enumerate(rows, start=1):
        if row.id is not None and row.id not in own:
            problems.append(_("Choice %(number)d is not one of this question's.", number=number))
        elif not row.remove and not row.text.strip():
            problems.append(_("Write choice %(number)d, or remove it.", number=number))
    if kind == "personality":
        for row in rows:
            problems += [
                p for p in outcomes.weight_problems(campaign, row.weights) if p not in problems
            ]
    return problems


def _save_choice(campaign, kind, question, choice: QuizChoice | None, row: ChoiceDraft) -> None:
    if row.remove:
        if choice is not None:
            db.session.delete(choice)
        return
    if choice is None:
        choice = QuizChoice(
            question_id=question.id,
            position=structure.next_position(
                QuizChoice.position, QuizChoice.question_id == question.id
            ),
        )
        db.session.add(choice)
    choice.text = row.text.strip()[:500]
    choice.correct = bool(row.correct) and kind == "trivia"
    _translate(campaign, choice, row.translations, CHOICE_TEXTS)
    db.session.flush()
    if kind == "personality":
        outcomes.set_weights(campaign, choice, row.weights)


def _translate(campaign: Campaign, row, typed: dict | None, fields: tuple[str, ...]) -> None:
    """The texts typed for the brand's other languages; a language it dropped keeps its own."""
    if typed is None:
        return
    row.translations = languages.merged(
        row.translations,
        {code: {f: (t or "").strip() for f, t in texts.items()} for code, texts in typed.items()},
        languages.extra_languages(campaign.brand),
        fields,
    )


def delete_question(campaign: Campaign, question: QuizQuestion) -> None:
    structure.check_open(campaign)
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
