"""The badge editor's rule builder: form rows to conditions and back."""

from app.badges import rules
from app.badges.services import BadgeForm

ROWS = 4
FIELDS = ("kind", "event_type", "count", "campaign_id", "since", "until", "n", "days", "threshold")


def from_request(form) -> tuple[BadgeForm, list[int]]:
    """The BadgeForm, and for each condition the builder row it came from (for errors)."""
    conditions, rows = [], []
    for row in range(ROWS):
        kind = (form.get(f"c{row}_kind") or "").strip()
        if not kind:
            continue
        condition = {"kind": kind}
        for name in FIELDS[1:]:
            value = (form.get(f"c{row}_{name}") or "").strip()
            if value:
                condition[name] = value
        ids = [v for v in form.getlist(f"c{row}_campaign_ids") if v]
        if kind == "campaigns":
            condition["campaign_ids"] = ids
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
    return list(rules.KINDS.items())


def event_type_choices() -> list[str]:
    return sorted(rules.known_event_types() - {"badge_earned"})
