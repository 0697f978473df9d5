"""Submitting an entry: check the text and the brand's fields, store the photo, flag copies.

Text is checked before the photo is stored, so a refused entry writes no file; a photo the
media path refuses raises UploadRejected and leaves no row. Every function flushes only.
"""

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from app.campaigns.refusals import Refused
from app.engagement import record
from app.extensions import db
from app.media import find_near_duplicates, store_image
from app.models import Campaign, FanProfile
from contests.photo import errors, settings, translations, watched_words
from contests.photo.models import PhotoDecision, PhotoEntry

MAX_CAPTION = 500
MAX_FIELD = 200
# What entries' photos are stored as; the kind registers it.
MEDIA_PURPOSE = "contest_photo"


def check_open(campaign: Campaign, now: datetime) -> None:
    """Refuse entries unless the campaign is live and inside its dates."""
    if campaign.ends_at is not None and now >= campaign.ends_at:
        raise Refused(_("This contest has ended."), code="ended", status=403)
    if campaign.status != "live" or (campaign.starts_at is not None and now < campaign.starts_at):
        raise Refused(_("This contest is not open right now."), code="not_live", status=403)


def _clean(value, limit: int, label: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise errors.malformed(_("%(label)s must be text.", label=label))
    value = value.strip()
    if len(value) > limit:
        raise errors.malformed(
            _("%(label)s is too long (max %(max)s characters).", label=label, max=limit)
        )
    return value


def _answers(rules: settings.PhotoRules, given: dict) -> dict[str, str]:
    answers = {}
    # Named in the fan's language, as the form they filled in named them.
    for wanted in translations.fan_fields(rules):
        value = _clean(given.get(wanted["key"]), MAX_FIELD, wanted["label"])
        if wanted.get("required") and not value:
            raise errors.malformed(_("Please fill in “%(label)s”.", label=wanted["label"]))
        if value:
            answers[wanted["key"]] = value
    return answers


def _check_quota(campaign: Campaign, fan: FanProfile, rules: settings.PhotoRules) -> None:
    entered = db.session.scalar(
        select(func.count()).where(
            PhotoEntry.campaign_id == campaign.id,
            PhotoEntry.fan_id == fan.id,
            PhotoEntry.status != "rejected",
        )
    )
    if entered >= rules.max_entries_per_fan:
        raise Refused(
            ngettext(
                "You have already sent %(num)d photo to this contest.",
                "You have already sent %(num)d photos to this contest.",
                entered,
            ),
            code="limit",
            status=403,
        )


def submit(
    campaign: Campaign, fan: FanProfile, photo, *, caption, fields: dict, now: datetime
) -> PhotoEntry:
    """A new entry from the fan's upload; pending or approved by the contest's moderation."""
    check_open(campaign, now)
    if photo is None:
        raise errors.malformed(_("Choose a photo to send."))
    rules = settings.read(campaign.settings)
    caption = _clean(caption, MAX_CAPTION, _("The caption"))
    answers = _answers(rules, fields)
    screened = watched_words.screen(campaign.brand, {"caption": caption, **answers})
    if screened.blocked:
        raise Refused(
            _("Your text contains words this contest does not accept; please change it."),
            code="blocked_words",
            status=400,
        )
    _check_quota(campaign, fan, rules)

    media = store_image(photo, brand_id=campaign.brand_id, purpose=MEDIA_PURPOSE)
    texts = dict(screened.texts)
    entry = PhotoEntry(
        campaign_id=campaign.id,
        fan_id=fan.id,
        media_id=media.id,
        caption=texts.pop("caption"),
        fields=texts,
        status="pending" if rules.moderation == "pre" or screened.hold else "approved",
        flagged=screened.flag,
        created_at=now,
    )
    db.session.add(entry)
    db.session.flush()
    _note_duplicate(entry, media)
    if screened.hold or screened.flag:
        action = "hold" if screened.hold else "flag"
        # Decisions are read by staff in the (English) console, not by the fan.
        reason = f"Watched words: {', '.join(screened.words)}"
        db.session.add(PhotoDecision(entry_id=entry.id, action=action, reason=reason))
    record(
        fan,
        "photo_submitted",
        campaign=campaign,
        ref=f"photo_entry:{entry.id}",
        key=f"photo_entry:{entry.id}",
        at=now,
    )
    db.session.flush()
    return entry


def _note_duplicate(entry: PhotoEntry, media) -> None:
    """Flag an entry whose photo nearly copies an earlier entry of the same contest."""
    close = [near.media.id for near in find_near_duplicates(media, purpose=MEDIA_PURPOSE)]
    if not close:
        return
    earlier = db.session.scalars(
        select(PhotoEntry)
        .where(
            PhotoEntry.campaign_id == entry.campaign_id,
            PhotoEntry.media_id.in_(close),
            PhotoEntry.id != entry.id,
        )
        .order_by(PhotoEntry.id)
    ).first()
    if earlier is None:
        return
    entry.near_duplicate_of_id = earlier.id
    entry.flagged = True
    db.session.add(
        PhotoDecision(
            entry_id=entry.id,
            action="flag",
            reason=f"Nearly the same photo as entry #{earlier.id}.",
        )
    )


def fan_entries(campaign: Campaign, fan: FanProfile | None) -> list[PhotoEntry]:
    if fan is None:
        return []
    return list(
        db.session.scalars(
            select(PhotoEntry)
            .where(PhotoEntry.campaign_id == campaign.id, PhotoEntry.fan_id == fan.id)
            .order_by(PhotoEntry.created_at.desc(), PhotoEntry.id.desc())
        )
    )
