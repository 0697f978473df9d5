"""The JSON a fan's browser gets for an entry: text as text, links to its pictures and page."""

from flask import url_for
from flask_babel import gettext as _

from app.media import media_url
from contests.photo.models import PhotoEntry


def entry(found: PhotoEntry, *, voted: bool = False, mine: bool = False) -> dict:
    payload = {
        "id": found.id,
        "caption": found.caption,
        "fields": found.fields or {},
        "author": found.fan.user.display_name or _("A fan"),
        "vote_count": found.vote_count,
        "voted": voted,
        "thumb_url": media_url(found.media, "thumb"),
        "display_url": media_url(found.media, "display"),
        "page_url": url_for("photo.entry_page", entry_id=found.id),
        "created_at": found.created_at.isoformat(),
    }
    if mine:
        payload |= {"status": found.status, "reason": found.decision_reason}
    return payload
