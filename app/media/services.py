"""Store, find and delete media: the upload path of the core (logos, badges) and of every kind."""

import hashlib
import secrets
from functools import partial
from typing import BinaryIO, NamedTuple

from flask import current_app, url_for
from sqlalchemy import select

from app import jobs
from app.aftercommit import after_commit
from app.extensions import db
from app.media import errors, images, phash
from app.media.cleanup import delete_unless_committed
from app.media.purposes import check_purpose
from app.media.renditions import RENDITIONS, make_renditions
from app.media.storage import Storage, get_storage
from app.models.media import MediaFile

ORIGINAL_QUALITY = 88
# dHash bits that may differ between two copies of one image (resized, recompressed, retouched).
NEAR_DUPLICATE_DISTANCE = 10
READ_CHUNK = 1024 * 1024


class NearDuplicate(NamedTuple):
    media: MediaFile
    distance: int


def read_limited(stream: BinaryIO | bytes, max_bytes: int) -> bytes:
    """All of the upload's bytes, or UploadRejected as soon as it passes max_bytes."""
    if isinstance(stream, bytes | bytearray | memoryview):
        data = bytes(stream)
        if len(data) > max_bytes:
            raise errors.too_big(max_bytes)
        return data
    chunks, total = [], 0
    while chunk := stream.read(min(READ_CHUNK, max_bytes + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise errors.too_big(max_bytes)
    return b"".join(chunks)


def store_image(stream: BinaryIO | bytes, *, brand_id: int, purpose: str) -> MediaFile:
    """Check an upload by its content, re-encode it without metadata and store it.

    Flushes the new MediaFile, never commits; renditions are queued for after the commit.
    Raises UploadRejected (with a message for the fan) for anything that is not a usable
    JPEG, PNG, WebP or GIF image within MEDIA_MAX_BYTES and MEDIA_MAX_PIXELS.
    """
    check_purpose(purpose)
    config = current_app.config
    data = read_limited(stream, config["MEDIA_MAX_BYTES"])
    image = images.decode(data, max_pixels=config["MEDIA_MAX_PIXELS"])
    encoded = images.encode(image, quality=ORIGINAL_QUALITY)
    media = MediaFile(
        brand_id=brand_id,
        key=secrets.token_hex(16),
        purpose=purpose,
        content_type=encoded.content_type,
        width=encoded.width,
        height=encoded.height,
        byte_size=len(encoded.data),
        sha256=hashlib.sha256(encoded.data).hexdigest(),
        phash=phash.dhash(image),
        renditions={},
    )
    storage = get_storage()
    name = media.storage_name()
    storage.save(name, encoded.data)
    try:
        db.session.add(media)
        db.session.flush()
    except BaseException:
        storage.delete(name)
        raise
    delete_unless_committed(db.session(), storage, name)
    jobs.enqueue(make_renditions, media.id)
    return media


def get_media(key: str) -> MediaFile | None:
    """The MediaFile with this key, or None."""
    return db.session.scalar(select(MediaFile).where(MediaFile.key == key))


def media_url(media: MediaFile, rendition: str | None = None) -> str:
    """The URL to show media (or one of its renditions) with; call it inside a request."""
    if rendition is not None and rendition not in RENDITIONS:
        raise ValueError(f"unknown rendition {rendition!r}")
    ready = rendition if rendition in media.renditions else None
    direct = get_storage().url(media.storage_name(ready))
    return direct or url_for("media.serve", key=media.key, rendition=rendition)


def delete_media(media: MediaFile) -> None:
    """Delete the row now (flush) and its files once the transaction commits."""
    names = [media.storage_name()] + [media.storage_name(name) for name in RENDITIONS]
    db.session.delete(media)
    db.session.flush()
    after_commit(db.session(), partial(_delete_files, get_storage(), names))


def _delete_files(storage: Storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


def find_near_duplicates(
    media: MediaFile, *, threshold: int = NEAR_DUPLICATE_DISTANCE, purpose: str | None = None
) -> list[NearDuplicate]:
    """Other media of the same brand whose picture is nearly the same, closest first."""
    query = select(MediaFile.id, MediaFile.phash).where(
        MediaFile.brand_id == media.brand_id, MediaFile.id != media.id
    )
    if purpose is not None:
        query = query.where(MediaFile.purpose == purpose)
    # Hamming distance is not portable SQL; 64-bit integers are cheap to compare here.
    close = {}
    for media_id, other in db.session.execute(query.execution_options(yield_per=10_000)):
        gap = phash.distance(media.phash, other)
        if gap <= threshold:
            close[media_id] = gap
    if not close:
        return []
    found = db.session.scalars(select(MediaFile).where(MediaFile.id.in_(close)))
    return sorted(
        (NearDuplicate(other, close[other.id]) for other in found),
        key=lambda near: (near.distance, near.media.id),
    )
