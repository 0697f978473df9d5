"""A personality quiz's outcomes, and the weight each choice gives them."""

from flask_babel import gettext as _
from sqlalchemy import select

from app.campaigns import languages
from app.campaigns.refusals import Refused
from app.extensions import db
from app.models import Campaign
from games.quiz import structure
from games.quiz.models import QuizChoice, QuizChoiceWeight, QuizOutcome

WEIGHT_RANGE = (-100, 100)
# The texts a fan reads, each also kept per language in the outcome's `translations`.
OUTCOME_TEXTS = ("title", "text")


def add_outcome(campaign: Campaign, *, title, text="", translations=None) -> QuizOutcome:
    structure.check_open(campaign)
    title = (title or "").strip()
    if not title:
        raise Refused(_("Give the outcome a title."))
    outcome = QuizOutcome(
        campaign_id=campaign.id,
        position=structure.next_position(
            QuizOutcome.position, QuizOutcome.campaign_id == campaign.id
        ),
        title=title[:200],
        text=(text or "").strip(),
    )
    _translate(campaign, outcome, translations)
    db.session.add(outcome)
    db.session.flush()
    return outcome


def update_outcome(outcome: QuizOutcome, *, title, text, translations=None) -> None:
    """New texts; `translations` ({"fr": {"title": ...}}), when given, for the other languages."""
    title = (title or "").strip()
    if not title:
        raise Refused(_("Give the outcome a title."))
    outcome.title, outcome.text = title[:200], (text or "").strip()
    _translate(db.session.get(Campaign, outcome.campaign_id), outcome, translations)
    db.session.flush()


def _translate(campaign: Campaign, outcome: QuizOutcome, typed: dict | None) -> None:
    if typed is None:
        return
    outcome.translations = languages.merged(
        outcome.translations, typed, languages.extra_languages(campaign.brand), OUTCOME_TEXTS
    )


def delete_outcome(campaign: Campaign, outcome: QuizOutcome) -> None:
    structure.check_open(campaign)
    db.session.delete(outcome)
    db.session.flush()


def weight_problems(campaign: Campaign, weights: dict[int, int]) -> list[str]:
    """What is wrong with weights per outcome id, in words staff can act on."""
    own = set(
        db.session.scalars(select(QuizOutcome.id).where(QuizOutcome.campaign_id == campaign.id))
    )
    low, high = WEIGHT_RANGE
    problems = [
        _("Outcome %(id)s is not part of this quiz.", id=o) for o in weights if o not in own
    ]
    if any(not isinstance(w, int) or not low <= w <= high for w in weights.values()):
        problems.append(_("Weights are whole numbers from -100 to 100."))
    return problems


def set_weights(campaign: Campaign, choice: QuizChoice, weights: dict[int, int]) -> None:
    """Store the choice's weight per outcome id; a zero weight is no row."""
    problems = weight_problems(campaign, weights)
    if problems:
        raise Refused(*problems)
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
