"""Which quiz kind a campaign is: the kind keys and the three quiz types."""

KIND_KEYS = {"trivia": "quiz.trivia", "personality": "quiz.personality", "poll": "quiz.poll"}
TYPES = {key: quiz for quiz, key in KIND_KEYS.items()}
# What question images are stored as; the three quiz kinds register it.
IMAGE_PURPOSE = "quiz_image"


def quiz_type(campaign) -> str:
    """'trivia', 'personality' or 'poll'; ValueError for a campaign of another kind."""
    try:
        return TYPES[campaign.kind]
    except KeyError:
        raise ValueError(f"campaign {campaign.id} is a {campaign.kind!r}, not a quiz") from None
