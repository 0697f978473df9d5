"""The three quiz kinds, their event types and what they plug into the core."""

from dataclasses import dataclass

from flask_babel import lazy_gettext

from app import clock
from app.campaigns import CampaignKind
from app.engagement.types import EventType
from games.quiz import (
    analytics_panel,
    attempts,
    console,
    console_forms,
    content,
    demo,
    exports,
    fan_activity,
    fan_views,
    outcome_views,
    question_views,
    results,
    results_views,
    settings,
    translation_gaps,
    validation,
)
from games.quiz.quiz_types import IMAGE_PURPOSE, KIND_KEYS

# The console pages register on console.bp when their modules load.
CONSOLE_PAGES = (question_views, outcome_views, results_views)

# Event types register once per app, so the kinds that share them declare them on trivia.
PLAY_EVENT_TYPES = (
    EventType("quiz_started", "participation", 5, daily_cap=10, label=lazy_gettext("Quiz started")),
    # Paid up to the fan's best attempt only: see gameplay._credit_correct.
    EventType("answer_correct", "participation", 2, label=lazy_gettext("Correct answer")),
    EventType(
        "quiz_completed", "participation", 10, daily_cap=10, label=lazy_gettext("Quiz completed")
    ),
    EventType("perfect_score", "participation", 20, label=lazy_gettext("Perfect score")),
    # A friend who came through the fan's shared result and played.
    EventType("quiz_shared", "influence", 10, daily_cap=20, label=lazy_gettext("Quiz shared")),
)
POLL_EVENT_TYPES = (
    EventType("poll_voted", "participation", 3, daily_cap=30, label=lazy_gettext("Poll vote")),
)


@dataclass
class QuizKind(CampaignKind):
    """A quiz kind; `quiz` says which of trivia, personality or poll."""

    quiz: str = "trivia"

    def funnel_steps(self) -> dict[str, str]:
        # Personality quizzes play through the trivia's event types (declared on trivia).
        if self.quiz == "poll":
            return {"poll_voted": "voted"}
        return {"quiz_started": "started", "quiz_completed": "completed", "quiz_shared": "shared"}

    def default_settings(self) -> dict:
        return dict(settings.DEFAULTS[self.quiz])

    def read_settings(self, reader, campaign) -> dict:
        return console_forms.read_settings(reader, self.quiz)

    def settings_context(self, campaign) -> dict:
        return {
            "quiz": self.quiz,
            "rules": settings.read(campaign.settings),
            "quiz_question_count": len(content.questions(campaign.id)),
            "quiz_outcome_count": len(content.outcomes(campaign.id)),
        }

    def validate_settings(self, settings_: dict) -> list:
        return settings.problems(settings_)

    def problems_before_live(self, campaign, now) -> list:
        return validation.problems(campaign, now=now)

    def editor_links(self, campaign) -> list[tuple[str, str]]:
        return console.editor_links(campaign)

    def summary(self, campaign) -> dict:
        return results.summary(campaign)

    def analytics_panel(self, campaign):
        return analytics_panel.panel(campaign)

    def close(self, campaign) -> None:
        attempts.close_open_attempts(campaign, now=clock.now())

    def load_demo(self, brand) -> list[str]:
        return demo.load(self.quiz, brand)

    def fan_page(self, campaign, fan):
        """The play page the embed shell shows at /e/<brand>/<campaign>."""
        return fan_views.play_page(campaign, campaign.brand)

    def export_datasets(self, campaign) -> list:
        return exports.datasets(campaign)

    def missing_translations(self, campaign, languages: tuple[str, ...]) -> list[str]:
        return translation_gaps.missing_translations(campaign, languages)

    def fan_activity(self, fan) -> list:
        if self.quiz == "poll":
            return fan_activity.poll_votes(fan, self.key)
        return fan_activity.attempts(fan, self.key, personality=self.quiz == "personality")


TRIVIA = QuizKind(
    key=KIND_KEYS["trivia"],
    label=lazy_gettext("Trivia quiz"),
    event_types=PLAY_EVENT_TYPES,
    # One fan and one console blueprint serve all three quiz kinds; a blueprint registers
    # once per app, so trivia carries them.
    fan_blueprint=fan_views.bp,
    console_blueprint=console.bp,
    quiz="trivia",
    media_purposes=(IMAGE_PURPOSE,),
    settings_template="games/quiz/console/settings.html",
    panel_template="games/quiz/console/panel.html",
)
PERSONALITY = QuizKind(
    key=KIND_KEYS["personality"],
    label=lazy_gettext("Personality quiz"),
    quiz="personality",
    media_purposes=(IMAGE_PURPOSE,),
    settings_template="games/quiz/console/settings.html",
    panel_template="games/quiz/console/panel.html",
)
POLL = QuizKind(
    key=KIND_KEYS["poll"],
    label=lazy_gettext("Poll"),
    event_types=POLL_EVENT_TYPES,
    quiz="poll",
    media_purposes=(IMAGE_PURPOSE,),
    panel_template="games/quiz/console/panel.html",
)
QUIZ_KINDS = (TRIVIA, PERSONALITY, POLL)
