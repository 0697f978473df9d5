"""The checks after each action stay cheap: shared counts, and rules the action cannot move."""

from sqlalchemy import event, select

from app.badges import levels, rules, unseen_notices
from app.engagement import record
from app.extensions import db
from app.models import BadgeAward
from tests.badges.conftest import make_badge
from tests.factories import make_campaign, make_fan


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


# The bench's mix (bench/data.py): rules of every cheap kind, out of reach.
MIXED_RULES = [
    [{"kind": "count", "event_type": "campaign_viewed", "count": 50 + n}]
    if n % 4 == 0
    else [{"kind": "count", "event_type": "share_visit", "count": 40 + n}]
    if n % 4 == 1
    else [{"kind": "points", "threshold": 5000 + n}]
    if n % 4 == 2
    else [{"kind": "score", "threshold": 2000 + n}]
    for n in range(20)
]


def statements_while_committing(action) -> list[str]:
    """What runs after the action's own writes: the commit, and the checks it sets off."""
    action()
    db.session.flush()
    seen = []

    def note(conn, cursor, statement, *args):
        # SQLite's transactions open with a statement of their own (app/sqlite.py).
        if not statement.startswith("BEGIN"):
            seen.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        db.session.commit()
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return seen


def test_checking_twenty_rules_reads_once_and_writes_nothing(app, brand):
    for n, rule in enumerate(MIXED_RULES):
        make_badge(brand, slug=f"mixed-{n}", rule=rule)
    fan = make_fan(brand, points=150)
    record(fan, "campaign_viewed", key="first")  # announces the level the points reached
    db.session.commit()

    seen = statements_while_committing(lambda: record(fan, "campaign_viewed", key="second"))

    # The fan, their candidate rules and the count the viewing rules ask, in one read.
    assert len(seen) == 1, seen
    assert not [s for s in seen if s.split()[0] in ("INSERT", "UPDATE", "DELETE")], seen
    assert db.session.scalar(select(BadgeAward.id)) is None
    (notice,) = unseen_notices(fan)
    assert (notice.kind, notice.title) == ("level", "Regular")


def test_rules_counting_different_events_are_counted_together(app, brand):
    campaign = make_campaign(brand)
    viewed = make_badge(
        brand,
        slug="viewed-and-shared",
        rule=[
            *count_rule(2),
            {
                "kind": "count",
                "event_type": "campaign_viewed",
                "count": 1,
                "campaign_id": campaign.id,
            },
        ],
    )
    any_share = make_badge(
        brand,
        slug="shared-or-many-views",
        combinator="any",
        rule=[{"kind": "count", "event_type": "share_visit", "count": 1}, *count_rule(3)],
    )
    fan = make_fan(brand)
    record(fan, "campaign_viewed")
    db.session.commit()
    assert db.session.scalar(select(BadgeAward.id)) is None

    seen = statements_while_committing(lambda: record(fan, "campaign_viewed", campaign=campaign))
    earned = set(db.session.scalars(select(BadgeAward.badge_id)))
    assert earned == {viewed.id}
    # All views come with the fan's read; the campaign's views and the shares in one count.
    counts = [s for s in seen if s.startswith("SELECT count(")]
    assert len(counts) == 1, counts
    assert "engagement_event.campaign_id = " in counts[0], counts

    record(fan, "share_visit")
    db.session.commit()
    earned = set(db.session.scalars(select(BadgeAward.badge_id)))
    assert earned == {viewed.id, any_share.id}


def test_a_level_reached_by_a_badge_s_own_points_is_announced(app, brand):
    brand.point_overrides = {"badge_earned": 10}
    levels.save_levels(brand, [("Start", 0), ("Decorated", 12)])
    make_badge(brand)  # profile_completed once: 5 points, and 10 for the badge
    fan = make_fan(brand)
    db.session.commit()

    record(fan, "profile_completed")
    db.session.commit()

    assert [(n.kind, n.title) for n in unseen_notices(fan)] == [
        ("badge", "Starter"),
        ("level", "Decorated"),
    ]


def test_a_badge_s_own_points_complete_the_next_rule_in_the_same_check(app, brand):
    brand.point_overrides = {"badge_earned": 10}
    first = make_badge(brand)  # profile_completed once: 5 points, and 10 for the badge
    second = make_badge(brand, slug="fifteen", rule=[{"kind": "points", "threshold": 15}])
    fan = make_fan(brand)
    db.session.commit()

    record(fan, "profile_completed")
    db.session.commit()

    assert set(db.session.scalars(select(BadgeAward.badge_id))) == {first.id, second.id}
