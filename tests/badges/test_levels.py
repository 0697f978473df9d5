"""Levels: defaults, a brand's own tiers, progress to the next one, and level notices."""

import pytest

from app.badges import levels, unseen_notices
from app.badges.errors import Invalid
from app.engagement import record
from app.extensions import db
from tests.factories import make_fan


def test_brands_without_levels_get_the_defaults(brand, fan):
    progress = levels.level_for(fan)
    assert (progress.name, progress.next_name, progress.points_to_go, progress.percent) == (
        "Newcomer",
        "Regular",
        100,
        0,
    )


@pytest.mark.parametrize(
    ("points", "name", "to_go", "percent"),
    [
        (0, "Newcomer", 100, 0),
        (99, "Newcomer", 1, 99),
        (100, "Regular", 400, 0),
        (300, "Regular", 200, 50),
        (2000, "Ambassador", 0, 100),
        (99999, "Ambassador", 0, 100),
    ],
)
def test_progress_between_levels(brand, points, name, to_go, percent):
    fan = make_fan(brand, points=points)
    progress = levels.level_for(fan)
    assert (progress.name, progress.points_to_go, progress.percent) == (name, to_go, percent)


def test_a_brand_defines_its_own_levels(brand, fan):
    rows = levels.parse_levels(["Gold", "Bronze", "Silver", ""], ["50", "0", "10", ""])
    levels.save_levels(brand, rows)
    db.session.commit()
    assert levels.levels_of(brand.id) == [("Bronze", 0), ("Silver", 10), ("Gold", 50)]
    fan.points = 20
    assert levels.level_for(fan).name == "Silver"


@pytest.mark.parametrize(
    ("names", "points", "field"),
    [
        (["A", "B"], ["0", "0"], "1.min_points"),
        (["A", ""], ["0", "5"], "1.name"),
        (["A"], ["ten"], "0.min_points"),
        (["A"], ["-1"], "0.min_points"),
        (["A"], ["5"], "levels"),
        ([""], [""], "levels"),
    ],
)
def test_bad_levels_are_refused(names, points, field):
    with pytest.raises(Invalid) as error:
        levels.parse_levels(names, points)
    assert field in error.value.problems


def test_reaching_a_level_is_announced_once(brand):
    fan = make_fan(brand)
    levels.save_levels(brand, [("Start", 0), ("Connector", 15)])
    db.session.commit()
    record(fan, "share_visit")  # 2 points
    db.session.commit()
    assert unseen_notices(fan) == []
    record(fan, "referral_joined")  # 15 points
    db.session.commit()
    notices = unseen_notices(fan)
    db.session.commit()
    assert [(n.kind, n.title) for n in notices] == [("level", "Connector")]
    assert unseen_notices(fan) == []


def test_a_lower_level_never_replaces_a_higher_one(brand):
    fan = make_fan(brand)
    levels.save_levels(brand, [("Start", 0), ("High", 15)])
    db.session.commit()
    record(fan, "referral_joined")  # 15 points
    db.session.commit()
    levels.save_levels(brand, [("Start", 0), ("Low", 10), ("Top", 1000)])
    db.session.commit()
    record(fan, "share_visit")
    db.session.commit()
    assert [(n.kind, n.title) for n in unseen_notices(fan)] == [("level", "High")]
