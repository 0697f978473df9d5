"""The three quiz kinds, their event types and what they plug into the core."""

from dataclasses import dataclass

from app import clock
from app.campaigns import CampaignKind
from app.engagement.types import EventType
from games.quiz import console_views, demo, fan_views, results, services, settings
from games.quiz.quiz_types import IMAGE_PURPOSE, KIND_KEYS

# Event types register once per app, so the kinds that share them declare them on trivia.
PLAY_EVENT_TYPES = (
    EventType("quiz_started", "participation", 5, daily_cap=10),
    # Paid up to the fan's best attempt only: see services._credit_correct.
    EventType("answer_correct", "participation", 2),
    EventType("quiz_completed", "participation", 10, daily_cap=10),
    EventType("perfect_score", "participation", 20),
    # A friend who came through the fan's shared result and played.
    EventType("quiz_shared", "influence", 10, daily_cap=20),
)
POLL_EVENT_TYPES = (EventType("poll_voted", "participation", 3, daily_cap=30),)


@dataclass
class QuizKind(CampaignKind):
    """A quiz kind; `quiz` says which of trivia, personality or poll."""

    quiz: str = "trivia"

    def validate_settings(self, settings_: dict) -> list[str]:
        return settings.problems(settings_)

    def summary(self, campaign) -> dict:
        return results.summary(campaign)

    def close(self, campaign) -> None:
        services.close_open_attempts(campaign, now=clock.now())

    def load_demo(self, brand) -> list[str]:
        return demo.load(self.quiz, brand)

    def fan_page(self, campaign, fan):
        """The play page the embed shell shows at /e/<brand>/<campaign>."""
        return fan_views.play_page(campaign, campaign.brand)


TRIVIA = QuizKind(
    key=KIND_KEYS["trivia"],
    label="Trivia quiz",
    event_types=PLAY_EVENT_TYPES,
    # One fan blueprint serves all three quiz kinds; a blueprint registers once per app.
    fan_blueprint=fan_views.bp,
    console_blueprint=console_views.blueprints["trivia"],
    quiz="trivia",
    media_purposes=(IMAGE_PURPOSE,),
)
PERSONALITY = QuizKind(
    key=KIND_KEYS["personality"],
    label="Personality quiz",
    console_blueprint=console_views.blueprints["personality"],
    quiz="personality",
    media_purposes=(IMAGE_PURPOSE,),
)
POLL = QuizKind(
    key=KIND_KEYS["poll"],
    label="Poll",
    event_types=POLL_EVENT_TYPES,
    console_blueprint=console_views.blueprints["poll"],
    quiz="poll",
    media_purposes=(IMAGE_PURPOSE,),
)
QUIZ_KINDS = (TRIVIA, PERSONALITY, POLL)
