"""Every kind's funnel steps name its own event types; the demo's visits make figures."""

import re
from datetime import timedelta

from sqlalchemy import func, select

from app import analytics
from app.analytics import demo, steps
from app.campaigns import all_kinds
from app.engagement.types import event_type
from app.extensions import db
from app.models import AnalyticsEvent
from tests.analytics.events import campaign_of
from tests.factories import make_brand

STEP = re.compile(r"^[a-z][a-z0-9_]{1,31}$")


def test_each_kind_maps_registered_event_types_to_wellformed_steps(app):
    mapped = {}
    for kind in all_kinds():
        for type_key, step in kind.funnel_steps().items():
            assert event_type(type_key)  # raises for a type nobody registered
            assert STEP.match(step), (kind.key, step)
            mapped[type_key] = step
    assert mapped["quiz_started"] == "started"
    assert mapped["sweepstakes_entered"] == "completed"
    assert mapped["photo_submitted"] == "photo_uploaded" and mapped["vote_cast"] == "voted"
    assert steps.funnel_order("quiz.trivia") == [
        "viewed",
        "started",
        "completed",
        "shared",
        "opted_in",
    ]
    assert steps.step_for("referral_joined") == "joined_from_share"
    assert steps.step_for("answer_correct") is None


def test_the_demo_visits_fill_the_dashboards_once(app, clock):
    brand = make_brand("demo", frame_origins=["https://lumen.example"])
    quiz = campaign_of(brand, "quiz", "quiz.trivia")
    db.session.commit()
    assert demo.load_demo(brand)
    count = db.session.scalar(select(func.count()).select_from(AnalyticsEvent))
    assert demo.load_demo(brand) == []  # a second run adds nothing
    assert db.session.scalar(select(func.count()).select_from(AnalyticsEvent)) == count

    now = clock.now()
    start = now - timedelta(weeks=6)
    sources = {value for value, _v, _e in analytics.breakdown(brand, start, now, "source").rows}
    assert {"instagram", "facebook", "newsletter", "direct", "share"} <= sources
    assert demo.PARTNER in sources
    devices = dict((v, n) for v, n, _e in analytics.breakdown(brand, start, now, "device").rows)
    assert devices["mobile"] > devices["desktop"] > devices["tablet"] > 0
    funnel = analytics.funnel(quiz, start, now)
    visitors = [step.visitors for step in funnel.steps]
    assert visitors[0] > visitors[1] > visitors[2] > 0
    weekly = analytics.series(brand, start, now, "week").visitors["viewed"]
    assert all(weekly)
