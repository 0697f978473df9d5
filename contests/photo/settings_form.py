"""The photo contest's part of the campaign page's settings form: read, and what it shows."""

from zoneinfo import ZoneInfo

from app.campaigns import languages
from app.console.kind_pages import local_input
from contests.photo import settings, translations
from contests.photo.settings import PhotoRules

INTEGER_FIELDS = (
    "max_votes_per_day",
    "max_entries_per_fan",
    "guest_votes_per_device",
    "guest_votes_per_network",
)


def fields_from_text(text: str) -> list[dict]:
    """One field per line, "key: Label", with a trailing * when the field is required."""
    found = []
    for line in text.splitlines():
        if not line.strip():
            continue
        key, _, label = line.partition(":")
        label = label.strip()
        required = label.endswith("*")
        found.append({"key": key.strip(), "label": label.rstrip("*").strip(), "required": required})
    return found


def fields_as_text(fields: list[dict]) -> str:
    return "\n".join(
        f"{item['key']}: {item['label']}{' *' if item.get('required') else ''}" for item in fields
    )


def read(reader, campaign) -> dict:
    """The rules from the form; a missing field takes its default, settings.problems checks."""
    defaults = PhotoRules()
    rules = {
        name: reader.raw(name) or getattr(defaults, name)
        for name in ("moderation", "vote_rule", "who_votes")
    }
    for name in INTEGER_FIELDS:
        rules[name] = reader.integer(name, default=getattr(defaults, name))
    starts, ends = reader.moment("voting_starts_at"), reader.moment("voting_ends_at")
    rules["voting_starts_at"] = starts.isoformat() if starts else None
    rules["voting_ends_at"] = ends.isoformat() if ends else None
    rules["fields"] = fields_from_text(reader.form.get("fields", ""))
    rules["translations"] = translations.read_form(
        reader.form,
        campaign.brand,
        rules["fields"],
        (campaign.settings or {}).get("translations"),
    )
    return rules


def context(campaign) -> dict:
    zone = ZoneInfo(campaign.brand.timezone)
    rules = settings.read(campaign.settings)
    starts, ends = rules.voting_window()
    return {
        "rules": rules,
        "fields_text": fields_as_text(rules.fields),
        "voting_starts": local_input(starts, zone),
        "voting_ends": local_input(ends, zone),
        "max_guest_device": settings.MAX_GUEST_VOTES_PER_DEVICE,
        "max_guest_network": settings.MAX_GUEST_VOTES_PER_NETWORK,
        # The name and stored text of a question's label in another language.
        "label_name": lambda key, code: languages.input_name(translations.text_name(key), code),
        "label_text": lambda key, code: (rules.translations.get(code) or {}).get(
            translations.text_name(key), ""
        ),
    }
