"""A new badge condition is one class in one file: registered, it works end to end."""

import pytest
from sqlalchemy import func, select

from app.badges import condition_fields, rules
from app.badges.condition import REGISTRY, Condition, Field, register
from app.engagement import record
from app.extensions import db
from app.models import Badge, BadgeAward, EngagementEvent
from tests.badges.conftest import make_badge
from tests.console.conftest import make_user
from tests.factories import make_fan


class ActionsInAll(Condition):
    """Take N actions of any kind: defined here, outside app/, to prove nothing else is needed."""

    key = "actions_in_all"
    label = "Take N actions of any kind"
    short = "actions"
    fields = (Field("actions", "Actions in all", "number"),)

    def validate(self, brand, condition, now):
        problems: dict[str, str] = {}
        actions = condition_fields.positive_int(condition, "actions", 1000, problems, "Actions")
        return {"actions": actions}, problems

    def check(self, fan, condition, ctx):
        done = db.session.scalar(
            select(func.count()).where(
                EngagementEvent.fan_id == fan.id, EngagementEvent.type != "badge_earned"
            )
        )
        return done >= condition["actions"]

    def describe(self, condition):
        return f"{condition['actions']} actions of any kind"


@pytest.fixture
def actions_in_all():
    register(ActionsInAll)
    yield REGISTRY[ActionsInAll.key]
    del REGISTRY[ActionsInAll.key]


def has(fan, badge) -> bool:
    found = select(BadgeAward.id).where(
        BadgeAward.fan_id == fan.id, BadgeAward.badge_id == badge.id
    )
    return db.session.scalar(found) is not None


def test_a_registered_condition_is_validated_checked_and_awarded(actions_in_all, brand, fan):
    badge = make_badge(brand, rule=[{"kind": "actions_in_all", "actions": "3"}])
    assert badge.rule == [{"kind": "actions_in_all", "actions": 3}]
    for key in ("a", "b"):
        record(fan, "share_visit", key=key)
        db.session.commit()
    assert not has(fan, badge)
    record(fan, "campaign_viewed")
    db.session.commit()
    assert has(fan, badge)
    assert rules.describe(badge.rule[0]) == "3 actions of any kind"


def test_a_registered_condition_refuses_what_it_cannot_accept(actions_in_all, brand):
    with pytest.raises(rules.RuleInvalid) as error:
        rules.validate(brand, [{"kind": "actions_in_all", "actions": "0"}], "all")
    assert "at least 1" in error.value.problems["0.actions"]


def test_the_rule_builder_offers_a_registered_condition(actions_in_all, client, brand):
    make_user("owner@acme.test", brand=brand, role="owner")
    client.login("owner@acme.test")
    page = client.get("/console/acme/badges/new").get_data(as_text=True)
    assert "Take N actions of any kind" in page and 'name="c0_actions"' in page

    fan = make_fan(brand)
    for key in ("a", "b"):
        record(fan, "share_visit", key=key)
    db.session.commit()
    form = {
        "name": "Busy",
        "slug": "busy",
        "description": "Took two actions.",
        "combinator": "all",
        "active": "on",
        "c0_kind": "actions_in_all",
        "c0_actions": "2",
    }
    assert client.submit("/console/acme/badges/new", form).status_code == 302
    badge = db.session.scalar(select(Badge).where(Badge.slug == "busy"))
    assert badge.rule == [{"kind": "actions_in_all", "actions": 2}]
    assert has(fan, badge)  # the back-fill found the fan who already qualified
    listing = client.get("/console/acme/badges/").get_data(as_text=True)
    assert "2 actions of any kind" in listing


def test_two_conditions_cannot_share_a_key(actions_in_all):
    with pytest.raises(ValueError, match="registered twice"):
        register(ActionsInAll)


def test_the_builder_lists_every_condition_s_fields_once(app):
    from app.badges import forms

    names = [field.name for field, _ in forms.fields_with_hints()]
    assert len(names) == len(set(names))
    assert set(names) >= {"event_type", "count", "campaign_id", "n", "days", "threshold"}
    hints = dict((field.name, hint) for field, hint in forms.fields_with_hints())
    assert hints["event_type"] == "for count, first fans, win"
