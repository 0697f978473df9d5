"""Dashboards never scan the whole raw log (PostgreSQL): every statement the figures send
that reads analytics_event names one brand and a lower bound on the hour, and its plan
reaches the rows through an index."""

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import event

from app import analytics
from app.analytics import rollup
from app.extensions import db
from tests.analytics.events import campaign_of, put
from tests.factories import make_brand

NOW = datetime(2026, 11, 18, 10, 30, tzinfo=UTC)


def test_the_figures_read_the_raw_tail_only_within_bounds(pg_app, clock):
    clock.set(NOW)
    brand, other = make_brand("acme"), make_brand("globex")
    quiz = campaign_of(brand, "quiz", "quiz.trivia")
    for days in range(0, 60, 3):
        put(brand, "viewed", NOW - timedelta(days=days), f"v{days}", campaign=quiz)
        put(other, "viewed", NOW - timedelta(days=days), f"w{days}")
    put(brand, "viewed", NOW - timedelta(minutes=5), "tail", campaign=quiz)
    db.session.commit()
    rollup.run()

    seen: list[tuple[str, dict]] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        if "analytics_event" in statement:
            seen.append((statement, parameters))

    start, end = NOW - timedelta(days=7), NOW + timedelta(hours=1)
    event.listen(db.engine, "before_cursor_execute", note)
    try:
        analytics.funnel(quiz, start, end)
        analytics.series(brand, start, end, "day")
        analytics.breakdown(brand, start, end, "source")
        analytics.overview(brand, start, end)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)

    assert len(seen) == 4  # one read of the tail per figure, nothing else
    for statement, parameters in seen:
        brand_ids = re.findall(r"\be\.brand_id = %\((\w+)\)s", statement)
        assert [parameters[name] for name in brand_ids] == [brand.id]
        lows = [parameters[n] for n in re.findall(r"\be\.hour >= %\((\w+)\)s", statement)]
        highs = [parameters[n] for n in re.findall(r"\be\.hour < %\((\w+)\)s", statement)]
        assert lows and min(lows) >= start - timedelta(hours=1)
        assert highs and max(highs) <= end + timedelta(hours=1)
        with db.engine.connect() as connection:
            connection.exec_driver_sql("SET enable_seqscan = off")
            plan = "\n".join(
                row[0] for row in connection.exec_driver_sql(f"EXPLAIN {statement}", parameters)
            )
        assert "Seq Scan on analytics_event" not in plan, plan
