"""Reading the quiz's console forms: its settings, and a question with its choice rows."""

from app.campaigns import languages as content_languages
from app.campaigns.forms import FormReader
from games.quiz import settings
from games.quiz.questions import CHOICE_TEXTS, QUESTION_TEXTS, ChoiceDraft, QuestionDraft

# The question form names its choice rows choice-0-text, choice-1-text...: at most this many.
MAX_CHOICE_ROWS = 50
# Empty choice rows the form offers for a new question (any unused one is ignored).
NEW_QUESTION_ROWS = {"trivia": 4, "personality": 3, "poll": 3}


def read_settings(reader: FormReader, quiz: str) -> dict:
    """The settings the quiz's form shows for this kind; their ranges are settings.problems'."""
    if quiz == "poll":
        return {}
    found = {
        "attempts": reader.raw("attempts") or "once",
        "max_attempts": reader.integer("max_attempts", default=1),
        "shuffle_questions": reader.boolean("shuffle_questions"),
        "shuffle_choices": reader.boolean("shuffle_choices"),
    }
    if quiz == "trivia":
        found |= {
            "points_per_correct": reader.integer(
                "points_per_correct", default=settings.QuizRules.points_per_correct
            ),
            "speed_bonus": reader.integer("speed_bonus", default=0),
            "sudden_death": reader.boolean("sudden_death"),
            "show_right_share": reader.boolean("show_right_share"),
        }
    if quiz == "personality":
        found["tie_rule"] = reader.raw("tie_rule") or "first"
    return found


def read_question(
    reader: FormReader, outcome_ids: list[int], languages: tuple[str, ...] = ()
) -> QuestionDraft:
    """A question and its choice rows as the form sent them; problems go into the reader.

    `languages`: the brand's other languages, whose inputs ("text__fr") the form also has.
    """
    read = content_languages.read_form
    correct = set(reader.form.getlist("correct"))
    rows = []
    for index in range(MAX_CHOICE_ROWS):
        prefix = f"choice-{index}"
        if f"{prefix}-text" not in reader.form:
            continue
        choice_id = reader.integer(f"{prefix}-id")
        weights = {
            outcome_id: reader.integer(f"{prefix}-weight-{outcome_id}", default=0) or 0
            for outcome_id in outcome_ids
        }
        rows.append(
            ChoiceDraft(
                choice_id,
                reader.raw(f"{prefix}-text"),
                correct=str(index) in correct,
                weights=weights,
                remove=reader.boolean(f"{prefix}-remove"),
                translations=read(reader.form, CHOICE_TEXTS, languages, f"{prefix}-")
                if languages
                else None,
            )
        )
    return QuestionDraft(
        reader.raw("text"),
        explanation=reader.raw("explanation"),
        time_limit=reader.integer("time_limit"),
        video_url=reader.raw("video_url"),
        multiple=reader.boolean("multiple"),
        choices=tuple(rows),
        # No languages given: the stored translations stay as they are.
        translations=read(reader.form, QUESTION_TEXTS, languages) if languages else None,
    )


def _row(index: int, choice=None, outcome_ids=()) -> dict:
    weights = {w.outcome_id: w.weight for w in choice.weights} if choice is not None else {}
    return {
        "index": index,
        "id": choice.id if choice is not None else None,
        "text": choice.text if choice is not None else "",
        "correct": bool(choice.correct) if choice is not None else False,
        "weights": {outcome_id: weights.get(outcome_id, 0) for outcome_id in outcome_ids},
        "remove": False,
        "translations": (choice.translations or {}) if choice is not None else {},
    }


def question_form(question, outcome_ids: list[int], *, spare: bool) -> dict:
    """What a saved question's form shows: its fields, its choices, and one empty row."""
    rows = [_row(index, choice, outcome_ids) for index, choice in enumerate(question.choices)]
    if spare:
        rows.append(_row(len(rows), None, outcome_ids))
    return {
        "id": question.id,
        "text": question.text,
        "explanation": question.explanation,
        "time_limit": question.time_limit_seconds,
        "video_url": question.video_url or "",
        "multiple": question.multiple,
        "image_id": question.image_id,
        "rows": rows,
        "translations": question.translations or {},
    }


def new_question_form(quiz: str, outcome_ids: list[int]) -> dict:
    rows = [_row(index, None, outcome_ids) for index in range(NEW_QUESTION_ROWS[quiz])]
    return {
        "id": "new",
        "text": "",
        "explanation": "",
        "time_limit": None,
        "video_url": "",
        "multiple": False,
        "image_id": None,
        "rows": rows,
        "translations": {},
    }


def sent_question_form(form, outcome_ids: list[int], languages: tuple[str, ...] = ()) -> dict:
    """The question form as it was sent, to show again beside the problems it had."""
    read = content_languages.read_form
    correct = set(form.getlist("correct"))
    rows = []
    for index in range(MAX_CHOICE_ROWS):
        prefix = f"choice-{index}"
        if f"{prefix}-text" not in form:
            continue
        rows.append(
            {
                "index": index,
                "id": form.get(f"{prefix}-id") or None,
                "text": form.get(f"{prefix}-text", ""),
                "correct": str(index) in correct,
                "weights": {o: form.get(f"{prefix}-weight-{o}", "") for o in outcome_ids},
                "remove": bool(form.get(f"{prefix}-remove")),
                "translations": read(form, CHOICE_TEXTS, languages, f"{prefix}-"),
            }
        )
    return {
        "id": "new",
        "text": form.get("text", ""),
        "explanation": form.get("explanation", ""),
        "time_limit": form.get("time_limit", ""),
        "video_url": form.get("video_url", ""),
        "multiple": bool(form.get("multiple")),
        "image_id": None,
        "rows": rows,
        "translations": read(form, QUESTION_TEXTS, languages),
    }
