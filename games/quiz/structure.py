"""What stays editable once fans have played: texts yes, which rows exist no; positions, images."""

from flask_babel import gettext as _
from sqlalchemy import exists, func, select

from app.campaigns.refusals import Refused
from app.extensions import db
from app.media import store_image
from app.models import Campaign
from games.quiz.models import QuizAttempt, QuizPollVote
from games.quiz.quiz_types import IMAGE_PURPOSE


def has_plays(campaign: Campaign) -> bool:
    """Whether any fan has started an attempt or voted."""
    return bool(
        db.session.scalar(
            select(
                exists().where(QuizAttempt.campaign_id == campaign.id)
                | exists().where(QuizPollVote.campaign_id == campaign.id)
            )
        )
    )


def frozen_problems(campaign: Campaign) -> list[str]:
    """Why questions, choices and outcomes can no longer be added or removed, if they cannot."""
    if not has_plays(campaign):
        return []
    return [
        _(
            "Fans have already played, so questions, choices and outcomes can no longer be "
            "added or removed; texts, answers and weights can still be edited."
        )
    ]


def check_open(campaign: Campaign) -> None:
    """Refuse adding or removing questions, choices and outcomes once fans have played."""
    problems = frozen_problems(campaign)
    if problems:
        raise Refused(*problems)


def next_position(column, *where) -> int:
    last = db.session.scalar(select(func.max(column)).where(*where))
    return 0 if last is None else last + 1


def set_image(campaign: Campaign, target, stream) -> None:
    """Store an uploaded picture (checked and re-encoded by app.media) on a question or outcome.

    Raises app.media.UploadRejected with a message for staff when the file is refused.
    """
    media = store_image(stream, brand_id=campaign.brand_id, purpose=IMAGE_PURPOSE)
    target.image_id = media.id
    db.session.flush()
