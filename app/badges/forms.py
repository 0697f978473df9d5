"""The badge editor's rule builder: form rows to conditions and back, its fields and menus."""

from flask_babel import gettext

from app.badges.condition import Condition, Field
from app.badges.condition_fields import known_event_types
from app.badges.conditions import builder_fields, condition_for, in_menu_order, is_known
from app.badges.editing import BadgeForm
from app.engagement.types import event_label

ROWS = 4
# Inputs that hold several values (a <select multiple>).
MULTIPLE = frozenset({"campaigns"})


def from_request(form) -> tuple[BadgeForm, list[int]]:
    """The BadgeForm, and for each condition the builder row it came from (for errors)."""
    conditions, rows = [], []
    for row in range(ROWS):
        kind = (form.get(f"c{row}_kind") or "").strip()
        if not kind:
            continue
        own = {f.name for f in condition_for(kind).fields} if is_known(kind) else set()
        condition = {"kind": kind}
        for field, _ in builder_fields():
            if field.input in MULTIPLE:
                values = [v for v in form.getlist(f"c{row}_{field.name}") if v]
                # The condition's own list even if empty: validation then says to choose.
                if values or field.name in own:
                    condition[field.name] = values
            else:
                value = (form.get(f"c{row}_{field.name}") or "").strip()
                if value:
                    condition[field.name] = value
        conditions.append(condition)
        rows.append(row)
    badge_form = BadgeForm(
        name=form.get("name", ""),
        slug=form.get("slug", ""),
        description=form.get("description", ""),
        criteria=form.get("criteria", ""),
        combinator=form.get("combinator", "all"),
        active=form.get("active") == "on",
        conditions=conditions,
    )
    return badge_form, rows


def row_problems(problems: dict[str, str], rows: list[int]) -> dict[str, str]:
    """Rename "<condition>.<field>" problems to the builder's "c<row>_<field>" inputs."""
    renamed = {}
    for key, message in problems.items():
        head, _, field = key.partition(".")
        if field and head.isdigit() and int(head) < len(rows):
            renamed[f"c{rows[int(head)]}_{field}"] = message
        else:
            renamed[key] = message
    return renamed


def builder_rows(conditions: list[dict]) -> list[dict]:
    """The builder's rows for a rule: its conditions, then empty rows to add more."""
    filled = [dict(c) for c in conditions][:ROWS]
    return filled + [{} for _ in range(ROWS - len(filled))]


def kind_choices() -> list[tuple[str, str]]:
    return [(condition.key, condition.label) for condition in in_menu_order()]


def field_hint(field: Field, users: list[Condition]) -> str:
    """What the builder says beside a field: optional, and which conditions use it if several."""
    notes = [gettext("optional")] if field.optional else []
    if len(users) > 1:
        shorts = ", ".join(str(condition.short) for condition in users)
        notes.append(gettext("for %(conditions)s", conditions=shorts))
    return " · ".join(notes)


def fields_with_hints() -> list[tuple[Field, str]]:
    return [(field, field_hint(field, users)) for field, users in builder_fields()]


def event_type_choices() -> list[tuple[str, str]]:
    """(key, what staff read) of every action a condition may count, by what they read."""
    keys = known_event_types() - {"badge_earned"}
    return sorted(((key, event_label(key)) for key in keys), key=lambda pair: pair[1].lower())
