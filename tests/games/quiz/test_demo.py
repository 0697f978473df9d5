"""Demo quizzes: one live quiz of each kind, played by the brand's existing fans, loaded once."""

from sqlalchemy import func, select

from app.campaigns import get_kind
from app.extensions import db
from app.models import Campaign, CampaignParticipation, EngagementEvent
from games.quiz import validation
from games.quiz.models import QuizAttempt, QuizPollVote, QuizShare
from tests.factories import make_brand, make_fan

FANS = 40


def count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def load(brand) -> list[str]:
    lines = []
    for key in ("quiz.trivia", "quiz.personality", "quiz.poll"):
        lines += get_kind(key).load_demo(brand)
    db.session.commit()
    return lines


def test_demo_quizzes_are_live_and_played_by_the_brands_fans(app):
    brand = make_brand("demo")
    for _ in range(FANS):
        make_fan(brand)
    lines = load(brand)
    quizzes = {c.kind: c for c in db.session.scalars(select(Campaign))}
    assert set(quizzes) == {"quiz.trivia", "quiz.personality", "quiz.poll"}
    for campaign in quizzes.values():
        assert campaign.status == "live" and validation.problems(campaign) == []
    # Each line says how many fans really took part, as the console's campaign list counts them.
    for line, campaign in zip(lines, quizzes.values(), strict=True):
        took_part = select(CampaignParticipation.fan_id).where(
            CampaignParticipation.campaign_id == campaign.id
        )
        assert f"with {count(took_part)} players" in line
    trivia, persona = quizzes["quiz.trivia"], quizzes["quiz.personality"]
    players = select(QuizAttempt.fan_id).where(QuizAttempt.campaign_id == trivia.id).distinct()
    assert count(players) == FANS
    finished = select(QuizAttempt.id).where(
        QuizAttempt.campaign_id == persona.id, QuizAttempt.outcome_id.is_not(None)
    )
    assert count(finished) > FANS // 2
    assert count(select(QuizPollVote.fan_id).distinct()) > FANS // 2
    assert count(select(QuizShare.id)) > 0
    assert count(select(EngagementEvent.id).where(EngagementEvent.type == "answer_correct")) > 0


def test_demo_quizzes_load_once(app):
    brand = make_brand("demo")
    for _ in range(5):
        make_fan(brand)
    load(brand)
    events = count(select(EngagementEvent.id))
    assert load(brand) == []
    assert count(select(Campaign.id)) == 3 and count(select(EngagementEvent.id)) == events
