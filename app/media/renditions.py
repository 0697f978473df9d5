"""Smaller copies of a stored image (thumb, display), made by a job after the upload commits."""

import io
import logging

from PIL import Image
from sqlalchemy import select

from app.extensions import db
from app.media import images
from app.media.cleanup import delete_unless_committed
from app.media.storage import get_storage
from app.models.media import MediaFile

log = logging.getLogger(__name__)

# Name -> the box (in pixels) the rendition fits in; largest first, each made from the previous.
RENDITIONS = {"display": 1280, "thumb": 320}
QUALITY = 85


def render(data: bytes, names=tuple(RENDITIONS)) -> dict[str, images.Encoded]:
    """Encode the named renditions of a stored original (JPEG or PNG, upright, no metadata)."""
    boxes = sorted(((RENDITIONS[name], name) for name in names), reverse=True)
    with Image.open(io.BytesIO(data), formats=("JPEG", "PNG")) as image:
        size, content_type = image.size, Image.MIME[image.format]
        if image.format == "JPEG":
            # Let libjpeg decode at 1/2, 1/4 or 1/8 scale, still at least the largest box.
            image.draft(image.mode, images.fitted_size(size, boxes[0][0]))
        made = {}
        for box, name in boxes:
            if images.fitted_size(size, box) == size:
                # Already small enough: the original's bytes are the rendition.
                made[name] = images.Encoded(data, content_type, *size)
                continue
            # In place, from the previous (larger) rendition: thumbnail() reduces in cheap steps.
            image.thumbnail((box, box))
            made[name] = images.encode(image, quality=QUALITY, optimize=False)
    return made


def make_renditions(media_id: int) -> dict:
    """Job: make the renditions a MediaFile lacks; a second run finds none missing and stops."""
    # The row lock makes a concurrent duplicate delivery wait, then find the work done.
    media = db.session.scalar(select(MediaFile).where(MediaFile.id == media_id).with_for_update())
    if media is None:
        log.info("media %s was deleted before its renditions were made", media_id)
        return {}
    missing = [name for name in RENDITIONS if name not in media.renditions]
    if not missing:
        return media.renditions
    storage = get_storage()
    with storage.open(media.storage_name()) as source:
        made = render(source.read(), missing)
    renditions = dict(media.renditions)
    for name, encoded in made.items():
        storage.save(media.storage_name(name), encoded.data)
        delete_unless_committed(db.session(), storage, media.storage_name(name))
        renditions[name] = {
            "width": encoded.width,
            "height": encoded.height,
            "byte_size": len(encoded.data),
        }
    # A new dict, not an in-place change, so the JSON column is marked dirty.
    media.renditions = renditions
    db.session.flush()
    return renditions
