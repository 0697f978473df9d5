"""Photo contest rows for tests that need an entry but not the upload flow (console pages)."""

import secrets

from app.extensions import db
from app.models import MediaFile
from contests.photo.models import PhotoEntry


def make_photo_entry(contest, fan, caption: str = "", status: str = "pending") -> PhotoEntry:
    """An entry as an upload leaves it, without the photo's files (pages only link them)."""
    media = MediaFile(
        brand_id=contest.brand_id,
        key=secrets.token_hex(16),
        purpose="contest_photo",
        content_type="image/jpeg",
        width=64,
        height=48,
        byte_size=1,
        sha256="0" * 64,
        phash=0,
        renditions={},
    )
    db.session.add(media)
    db.session.flush()
    entry = PhotoEntry(
        campaign_id=contest.id, fan_id=fan.id, media_id=media.id, caption=caption, status=status
    )
    db.session.add(entry)
    db.session.flush()
    return entry
