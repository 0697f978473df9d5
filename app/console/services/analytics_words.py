"""What staff read for analytics words: funnel steps, breakdown dimensions, exclusions."""

from flask_babel import lazy_gettext

# Every funnel step a kind may declare (CampaignKind.funnel_steps) and the core's own. A kind
# that adds a step adds its label here; an unknown step is shown as it is stored.
STEP_LABELS = {
    "viewed": lazy_gettext("Viewed"),
    "started": lazy_gettext("Started"),
    "completed": lazy_gettext("Completed"),
    "opted_in": lazy_gettext("Opted in to marketing"),
    "shared": lazy_gettext("Shared"),
    "share_visit": lazy_gettext("Visits from a share"),
    "joined_from_share": lazy_gettext("Fans joined from a share"),
    "voted": lazy_gettext("Voted"),
    "photo_uploaded": lazy_gettext("Photo uploaded"),
}

DIMENSION_LABELS = {
    "source": lazy_gettext("Source"),
    "medium": lazy_gettext("Medium"),
    "embed_origin": lazy_gettext("Embedding site"),
    "device": lazy_gettext("Device"),
    "browser": lazy_gettext("Browser"),
    "language": lazy_gettext("Language"),
}

# The four axes of engagement (app.models.AXES).
AXIS_LABELS = {
    "participation": lazy_gettext("Participation"),
    "creation": lazy_gettext("Creation"),
    "influence": lazy_gettext("Influence"),
    "loyalty": lazy_gettext("Loyalty"),
}

# Reasons in a figure's `excluded` counts.
EXCLUDED_LABELS = {
    "staff": lazy_gettext("staff members"),
    "bench": lazy_gettext("bench traffic"),
    "fraud": lazy_gettext("fans flagged for fraud"),
}

UNKNOWN = lazy_gettext("(unknown)")


def step_label(step: str) -> str:
    return str(STEP_LABELS.get(step, step))


def dimension_label(dimension: str) -> str:
    return str(DIMENSION_LABELS.get(dimension, dimension))


def excluded_label(reason: str) -> str:
    return str(EXCLUDED_LABELS.get(reason, reason))


def value_label(value: str) -> str:
    """A breakdown value; the empty value (not known) in words."""
    return value or str(UNKNOWN)
