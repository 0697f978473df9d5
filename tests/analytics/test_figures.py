"""Each figure against hand-built events, on SQLite and PostgreSQL: the funnel, series,
breakdowns, the overview, cohorts; live before any rollup, the same after it, never doubled;
staff, bench and flagged fans held out and counted as such; retention keeps the rollups."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app import analytics
from app.analytics import rollup
from app.engagement import record
from app.extensions import db
from app.fraud import decisions
from app.models import AnalyticsEvent, AnalyticsRollup, Membership
from tests.analytics.events import campaign_of, put
from tests.factories import make_brand, make_fan

NOW = datetime(2026, 11, 18, 10, 30, tzinfo=UTC)  # a Wednesday
DAY = NOW.replace(hour=0, minute=0)


@pytest.fixture
def setup(any_app, clock):
    clock.set(NOW)
    brand = make_brand("acme")
    quiz = campaign_of(brand, "quiz", "quiz.trivia")
    draw = campaign_of(brand, "draw", "contest.sweepstakes")
    db.session.commit()
    return brand, quiz, draw


def quiz_funnel_events(brand, quiz, at):
    for visitor in "abc":
        put(brand, "viewed", at, visitor, campaign=quiz)
    put(brand, "viewed", at + timedelta(minutes=5), "b", campaign=quiz)  # b again
    put(brand, "started", at, "a", campaign=quiz)
    put(brand, "started", at, "b", campaign=quiz)
    put(brand, "completed", at, "a", campaign=quiz)
    put(brand, "opted_in", at, "a", campaign=quiz)


def shape(found):
    return [(s.step, s.visitors, s.events, s.drop_off) for s in found.steps]


EXPECTED = [
    ("viewed", 3, 4, None),
    ("started", 2, 2, 0.3333),
    ("completed", 1, 1, 0.5),
    ("shared", 0, 0, 1.0),
    ("opted_in", 1, 1, 0.0),
]


def test_the_funnel_is_live_before_any_rollup_and_the_same_after(setup, clock):
    brand, quiz, _draw = setup
    quiz_funnel_events(brand, quiz, NOW - timedelta(minutes=10))  # this very hour
    db.session.commit()
    found = analytics.funnel(quiz, DAY, DAY + timedelta(days=1))
    assert shape(found) == EXPECTED
    assert db.session.scalar(select(func.count()).select_from(AnalyticsRollup)) == 0

    clock.advance(hours=2)
    rollup.run()
    assert db.session.scalar(select(func.count()).select_from(AnalyticsRollup)) > 0
    assert shape(analytics.funnel(quiz, DAY, DAY + timedelta(days=1))) == EXPECTED
    # A second run, and a rebuild of the same hours, count nothing twice.
    rollup.run()
    rollup.rebuild(brand.id, DAY, DAY + timedelta(days=1))
    db.session.commit()
    assert shape(analytics.funnel(quiz, DAY, DAY + timedelta(days=1))) == EXPECTED


def test_a_visitor_counts_once_a_day_across_hours_and_again_the_next_day(setup, clock):
    brand, quiz, _draw = setup
    yesterday = NOW - timedelta(days=1)
    put(brand, "viewed", yesterday - timedelta(hours=3), "a", campaign=quiz)
    put(brand, "viewed", yesterday - timedelta(hours=1), "a", campaign=quiz)  # same day
    put(brand, "viewed", NOW - timedelta(hours=2), "z", campaign=quiz)  # a's hash today
    db.session.commit()
    found = analytics.funnel(quiz, DAY - timedelta(days=1), DAY + timedelta(days=1))
    assert (found.steps[0].visitors, found.steps[0].events) == (2, 3)


def test_completed_without_opt_in_and_sharing(setup):
    brand, quiz, _draw = setup
    at = NOW - timedelta(hours=3)
    for visitor in "abcd":
        put(brand, "completed", at, visitor, campaign=quiz)
    put(brand, "opted_in", at, "a", campaign=quiz)
    put(brand, "share_visit", at, "e", campaign=quiz, share_code="ref000001")
    put(brand, "joined_from_share", at, "e", campaign=quiz)
    db.session.commit()
    found = analytics.funnel(quiz, DAY, NOW)
    assert found.completed_without_opt_in == 3
    assert found.sharing == {"shared": 0, "share_visit": 1, "joined_from_share": 1}


def test_staff_bench_and_flagged_fans_are_held_out_and_counted(setup, clock):
    brand, quiz, _draw = setup
    cheat = make_fan(brand)
    at = NOW - timedelta(hours=3)
    put(brand, "viewed", at, "a", campaign=quiz)
    put(brand, "viewed", at, "s", campaign=quiz, excluded="staff")
    put(brand, "viewed", at, "t", campaign=quiz, excluded="bench")
    put(brand, "viewed", at, "c", campaign=quiz, fan=cheat)
    put(brand, "started", at, "c", campaign=quiz, fan=cheat)
    db.session.commit()
    found = analytics.funnel(quiz, DAY, NOW)
    assert found.steps[0].visitors == 2
    assert found.excluded == {"staff": 1, "bench": 1}

    # Flagged after the rollup: the next figures leave the fan out, and say so.
    decisions.flag(cheat, None, "many accounts")
    db.session.commit()
    found = analytics.funnel(quiz, DAY, NOW)
    assert [s.visitors for s in found.steps[:2]] == [1, 0]
    assert found.excluded == {"staff": 1, "bench": 1, "fraud": 2}
    assert analytics.breakdown(brand, DAY, NOW, "device").excluded["fraud"] == 1


def test_series_per_step_by_hour_day_and_week(setup):
    brand, quiz, _draw = setup
    put(brand, "viewed", NOW - timedelta(days=8), "a", campaign=quiz)
    put(brand, "viewed", NOW - timedelta(days=1), "b", campaign=quiz)
    put(brand, "viewed", NOW - timedelta(minutes=20), "c", campaign=quiz)
    put(brand, "started", NOW - timedelta(minutes=20), "c", campaign=quiz)
    db.session.commit()
    start = DAY - timedelta(days=9)
    days = analytics.series(brand, start, DAY + timedelta(days=1), "day", campaign=quiz)
    assert len(days.buckets) == 10
    assert days.buckets[-1] == DAY
    assert days.visitors["viewed"][-1] == 1 and days.visitors["viewed"][-2] == 1
    assert sum(days.visitors["viewed"]) == 3
    assert days.events["started"][-1] == 1
    weeks = analytics.series(brand, start, DAY + timedelta(days=1), "week", only=["viewed"])
    monday = DAY - timedelta(days=2)
    assert weeks.buckets[-1] == monday
    assert weeks.visitors["viewed"][-1] == 2 and "started" not in weeks.visitors
    hours = analytics.series(brand, DAY, DAY + timedelta(days=1), "hour")
    assert len(hours.buckets) == 24
    assert hours.visitors["viewed"][10] == 1


def test_breakdowns_by_source_embedding_site_device_browser_and_language(setup):
    brand, quiz, _draw = setup
    at = NOW - timedelta(hours=2)
    put(brand, "viewed", at, "a", campaign=quiz, utm_source="instagram")
    put(brand, "viewed", at, "b", campaign=quiz, utm_source="instagram", device="tablet")
    put(brand, "viewed", at, "c", campaign=quiz, share_code="ref000001")
    put(brand, "viewed", at, "d", campaign=quiz, referrer_host="news.example")
    put(brand, "viewed", at, "e", campaign=quiz, embed_origin="https://shop.example")
    put(brand, "viewed", at, "f", campaign=quiz, language="fr", browser="Chrome")
    db.session.commit()
    sources = analytics.breakdown(brand, DAY, NOW, "source")
    assert sources.rows == [
        ("direct", 2, 2),
        ("instagram", 2, 2),
        ("news.example", 1, 1),
        ("share", 1, 1),
    ]
    sites = dict((v, n) for v, n, _e in analytics.breakdown(brand, DAY, NOW, "embed_origin").rows)
    assert sites == {"": 5, "https://shop.example": 1}
    devices = dict((v, n) for v, n, _e in analytics.breakdown(brand, DAY, NOW, "device").rows)
    assert devices == {"mobile": 5, "tablet": 1}
    languages = analytics.breakdown(brand, DAY, NOW, "language", campaign=quiz).rows
    assert languages == [("en", 5, 5), ("fr", 1, 1)]
    assert analytics.breakdown(brand, DAY, NOW, "browser").rows[0] == ("Mobile Safari", 5, 5)


def test_the_brand_overview(setup, clock):
    brand, quiz, draw = setup
    at = NOW - timedelta(hours=2)
    for visitor in "abcd":
        put(brand, "viewed", at, visitor, campaign=quiz)
    put(brand, "viewed", at, "a", campaign=draw)  # a saw both: one visitor of the brand
    for visitor in "ab":
        put(brand, "started", at, visitor, campaign=quiz)
    put(brand, "completed", at, "a", campaign=quiz)
    put(brand, "completed", at, "a", campaign=draw)
    put(brand, "opted_in", at, "a", campaign=quiz)
    old = make_fan(brand, consent=True, joined_at=NOW - timedelta(days=30))
    new = make_fan(brand, consent=False, joined_at=NOW - timedelta(hours=3))
    staff = make_fan(brand, joined_at=NOW - timedelta(hours=3))
    db.session.add(Membership(brand_id=brand.id, user_id=staff.user_id, role="owner"))
    for fan in (old, new, staff):
        record(fan, "profile_completed", at=at)
    db.session.commit()
    found = analytics.overview(brand, DAY, NOW)
    assert (found.visitors, found.plays) == (4, 3)  # plays: quiz started by 2, draw entered by 1
    assert (found.new_fans, found.returning_fans, found.active_fans) == (1, 1, 2)
    assert (found.opt_in_rate, found.opted_in) == (0.5, 1)
    assert (found.active_today, found.active_week, found.active_month) == (2, 2, 2)
    assert [(t.campaign_id, t.viewed, t.plays) for t in found.top_campaigns] == [
        (quiz.id, 4, 2),
        (draw.id, 1, 1),
    ]


def test_cohorts_by_join_week_against_the_weeks_fans_came_back(setup, clock):
    brand, _quiz, _draw = setup
    monday = DAY - timedelta(days=2)
    early = make_fan(brand, joined_at=monday - timedelta(days=13))
    late = make_fan(brand, joined_at=monday - timedelta(days=6))
    record(early, "profile_completed", at=monday - timedelta(days=13))
    record(early, "campaign_viewed", at=monday + timedelta(hours=1))
    record(late, "campaign_viewed", at=monday - timedelta(days=5))
    db.session.commit()
    found = analytics.cohorts(brand, NOW, weeks=3)
    assert [(c.week, c.fans, c.active) for c in found] == [
        (monday - timedelta(days=14), 1, [1, 0, 1]),
        (monday - timedelta(days=7), 1, [1, 0]),
        (monday, 0, [0]),
    ]


def test_retention_deletes_old_raw_events_and_keeps_the_rollups(setup, clock):
    brand, quiz, _draw = setup
    brand.analytics_retention_days = 30
    put(brand, "viewed", NOW - timedelta(days=40), "a", campaign=quiz)
    put(brand, "viewed", NOW - timedelta(days=2), "b", campaign=quiz)
    db.session.commit()
    rollup.run()
    assert db.session.scalar(select(func.count()).select_from(AnalyticsEvent)) == 1
    found = analytics.funnel(quiz, DAY - timedelta(days=60), NOW)
    assert found.steps[0].visitors == 2
    with pytest.raises(IntegrityError):
        brand.analytics_retention_days = 0
        db.session.commit()
    db.session.rollback()
