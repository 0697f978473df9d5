"""The checks after each action stay cheap: shared counts, and rules the action cannot move."""

from sqlalchemy import event, select

from app.badges import rules
from app.engagement import record
from app.extensions import db
from app.models import BadgeAward
from tests.badges.conftest import make_badge


def count_rule(n: int) -> list[dict]:
    return [{"kind": "count", "event_type": "campaign_viewed", "count": n}]


def test_rules_counting_the_same_events_share_one_query(app, brand, fan):
    for n in (1, 2, 50):
        make_badge(brand, slug=f"viewed-{n}", rule=count_rule(n))
    counts = []

    def note(conn, cursor, statement, *args):
        if "count(" in statement.lower() and "engagement_event" in statement:
            counts.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        record(fan, "campaign_viewed", key="a")
        record(fan, "campaign_viewed", key="b")
        db.session.commit()
    finally:
        event.remove(db.engine, "before_cursor_execute", note)

    earned = set(db.session.scalars(select(BadgeAward.badge_id)))
    assert len(earned) == 2  # viewed-1 and viewed-2, not viewed-50
    # One count per action for the three rules (the engine's daily-cap counts aside).
    badge_counts = [s for s in counts if "type = " in s.lower() and "created_at >=" not in s]
    assert len(badge_counts) <= 2


def test_which_rules_an_event_can_move():
    assert rules.could_change(count_rule(3), "campaign_viewed")
    assert not rules.could_change(count_rule(3), "share_visit")
    for totals in ({"kind": "points", "threshold": 9}, {"kind": "streak", "days": 3}):
        assert rules.could_change([totals], "share_visit")
    assert rules.could_change([*count_rule(3), {"kind": "points", "threshold": 9}], "share_visit")
