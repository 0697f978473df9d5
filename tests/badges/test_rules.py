"""Each rule kind, the all/any combinator, and the errors a marketer sees on save."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.badges import rules
from app.engagement import record
from app.extensions import db
from app.models import BadgeAward, utcnow
from tests.badges.conftest import make_badge
from tests.factories import make_campaign, make_fan


def has(fan, badge) -> bool:
    return (
        db.session.scalar(
            select(BadgeAward.id).where(
                BadgeAward.fan_id == fan.id, BadgeAward.badge_id == badge.id
            )
        )
        is not None
    )


def act(fan, kind, **kwargs):
    record(fan, kind, **kwargs)
    db.session.commit()


def test_count_of_an_event_type(brand, fan):
    badge = make_badge(brand, rule=[{"kind": "count", "event_type": "share_visit", "count": 3}])
    act(fan, "share_visit")
    act(fan, "share_visit")
    assert not has(fan, badge)
    act(fan, "share_visit")
    assert has(fan, badge)


def test_count_within_one_campaign(brand, fan):
    spring, autumn = make_campaign(brand, "spring"), make_campaign(brand, "autumn")
    rule = [
        {"kind": "count", "event_type": "campaign_viewed", "count": 2, "campaign_id": spring.id}
    ]
    badge = make_badge(brand, rule=rule)
    act(fan, "campaign_viewed", campaign=autumn)
    act(fan, "campaign_viewed", campaign=autumn)
    act(fan, "campaign_viewed", campaign=spring)
    assert not has(fan, badge)
    act(fan, "campaign_viewed", campaign=spring)
    assert has(fan, badge)


def test_count_within_a_time_window(brand, fan):
    now = utcnow()
    rule = [
        {
            "kind": "count",
            "event_type": "share_visit",
            "count": 1,
            "since": (now - timedelta(hours=1)).isoformat(),
            "until": (now + timedelta(days=1)).isoformat(),
        }
    ]
    badge = make_badge(brand, rule=rule)
    act(fan, "share_visit", at=now - timedelta(hours=2))
    assert not has(fan, badge)
    act(fan, "share_visit", at=now)
    assert has(fan, badge)


def test_first_n_fans(brand):
    badge = make_badge(brand, rule=[{"kind": "first_n", "event_type": "share_visit", "n": 2}])
    fans = [make_fan(brand) for _ in range(3)]
    start = utcnow()
    for n, fan in enumerate(fans):
        act(fan, "share_visit", at=start + timedelta(seconds=n))
    assert [has(fan, badge) for fan in fans] == [True, True, False]


def test_streak_of_days(brand, fan):
    badge = make_badge(brand, rule=[{"kind": "streak", "days": 3}])
    start = utcnow() - timedelta(days=2)
    act(fan, "campaign_viewed", at=start)
    act(fan, "campaign_viewed", at=start + timedelta(days=1))
    assert not has(fan, badge)
    act(fan, "campaign_viewed", at=start + timedelta(days=2))
    assert has(fan, badge)


def test_a_broken_streak_starts_again(brand, fan):
    badge = make_badge(brand, rule=[{"kind": "streak", "days": 3}])
    start = utcnow() - timedelta(days=4)
    for day in (0, 1, 3, 4):
        act(fan, "campaign_viewed", at=start + timedelta(days=day))
    assert not has(fan, badge)


def test_streak_days_follow_the_brand_time_zone(app):
    """23:30 and 00:30 in Tokyo are two days there, though one day in UTC."""
    from tests.factories import make_brand

    tokyo = make_brand("tokyo", timezone="Asia/Tokyo")
    fan = make_fan(tokyo)
    badge = make_badge(tokyo, rule=[{"kind": "streak", "days": 2}])
    day = (utcnow() - timedelta(days=3)).replace(hour=14, minute=30, second=0, microsecond=0)
    act(fan, "campaign_viewed", at=day)  # 23:30 in Tokyo
    act(fan, "campaign_viewed", at=day + timedelta(hours=1))  # 00:30 the next day in Tokyo
    assert has(fan, badge)


def test_points_threshold(brand, fan):
    badge = make_badge(brand, rule=[{"kind": "points", "threshold": 15}])
    act(fan, "referral_joined")  # 15 points
    assert has(fan, badge)


def test_score_threshold_uses_the_decayed_score(brand, fan):
    badge = make_badge(brand, rule=[{"kind": "score", "threshold": 10}])
    act(fan, "referral_joined", at=utcnow() - timedelta(days=120))  # 15 points, long decayed
    assert not has(fan, badge)
    act(fan, "referral_joined")
    assert has(fan, badge)


def test_every_campaign_of_a_set(brand, fan):
    spring, autumn = make_campaign(brand, "spring"), make_campaign(brand, "autumn")
    badge = make_badge(brand, rule=[{"kind": "campaigns", "campaign_ids": [spring.id, autumn.id]}])
    act(fan, "campaign_viewed", campaign=spring)
    assert not has(fan, badge)
    act(fan, "campaign_viewed", campaign=autumn)
    assert has(fan, badge)


def test_winning_is_accepted_before_contests_emit_it(brand, fan):
    badge = make_badge(brand, rule=[{"kind": "win", "event_type": "contest_won"}])
    assert badge.rule == [{"kind": "win", "event_type": "contest_won", "count": 1}]


def test_an_event_a_kind_flags_as_a_win_moves_the_win_rule(brand, fan):
    # tests/kinds.py declares game_won with traits={"win"}; nothing under app/ names it.
    badge = make_badge(brand, rule=[{"kind": "win", "event_type": "game_won"}])
    act(fan, "game_played")
    assert not has(fan, badge)
    act(fan, "game_won")
    assert has(fan, badge)


def test_all_and_any(brand, fan):
    both = [
        {"kind": "count", "event_type": "share_visit", "count": 1},
        {"kind": "count", "event_type": "profile_completed", "count": 1},
    ]
    all_badge = make_badge(brand, "all-of", rule=both, combinator="all")
    any_badge = make_badge(brand, "any-of", rule=both, combinator="any")
    act(fan, "share_visit")
    assert has(fan, any_badge) and not has(fan, all_badge)
    act(fan, "profile_completed")
    assert has(fan, all_badge)


@pytest.mark.parametrize(
    ("condition", "field", "words"),
    [
        ({"kind": "count", "event_type": "moonwalk", "count": 1}, "event_type", "Unknown action"),
        ({"kind": "win", "event_type": "game_played"}, "event_type", "is not a win"),
        ({"kind": "count", "event_type": "share_visit", "count": 0}, "count", "at least 1"),
        ({"kind": "count", "event_type": "share_visit", "count": -3}, "count", "at least 1"),
        ({"kind": "count", "event_type": "share_visit", "count": "x"}, "count", "whole number"),
        ({"kind": "first_n", "event_type": "share_visit", "n": 0}, "n", "at least 1"),
        ({"kind": "streak", "days": 100000}, "days", "out of anyone's reach"),
        ({"kind": "points", "threshold": 10**12}, "threshold", "out of anyone's reach"),
        ({"kind": "score", "threshold": 0}, "threshold", "above 0"),
        ({"kind": "campaigns", "campaign_ids": []}, "campaign_ids", "at least one campaign"),
        ({"kind": "campaigns", "campaign_ids": [99999]}, "campaign_ids", "not one of this brand"),
        ({"kind": "win", "event_type": "best_hat"}, "event_type", "Unknown action"),
        ({"kind": "telepathy"}, "kind", "Choose what the fan has to do"),
        (
            {"kind": "count", "event_type": "share_visit", "count": 1, "until": "2001-01-01"},
            "until",
            "already ended",
        ),
        (
            {
                "kind": "count",
                "event_type": "share_visit",
                "count": 1,
                "since": "2100-01-02",
                "until": "2100-01-01",
            },
            "until",
            "end after it starts",
        ),
    ],
)
def test_rules_that_can_never_be_met_are_refused_with_a_clear_message(
    brand, condition, field, words
):
    with pytest.raises(rules.RuleInvalid) as error:
        rules.validate(brand, [condition], "all")
    assert words in error.value.problems[f"0.{field}"]


def test_a_campaign_of_another_brand_is_refused(brand):
    from tests.factories import make_brand

    theirs = make_campaign(make_brand("other"), "theirs")
    with pytest.raises(rules.RuleInvalid) as error:
        rules.validate(brand, [{"kind": "campaigns", "campaign_ids": [theirs.id]}], "all")
    assert "not one of this brand" in error.value.problems["0.campaign_ids"]


def test_an_empty_rule_and_an_unknown_combinator_are_refused(brand):
    with pytest.raises(rules.RuleInvalid) as error:
        rules.validate(brand, [], "most")
    assert set(error.value.problems) == {"rule", "combinator"}


def test_first_n_with_a_later_cheap_condition(brand):
    """Among the first to share, and later 15 points: the second action completes the rule."""
    rule = [
        {"kind": "first_n", "event_type": "share_visit", "n": 5},
        {"kind": "points", "threshold": 15},
    ]
    badge = make_badge(brand, rule=rule)
    fan = make_fan(brand)
    act(fan, "share_visit")  # 2 points: first, but not enough points
    assert not has(fan, badge)
    act(fan, "referral_joined")  # 15 more points, no share
    assert has(fan, badge)
