"""Serve stored media by key: exact content type, cached for a year, never sniffed."""

import logging
import os
import re

from flask import Blueprint, abort, redirect, send_file

from app.media.renditions import RENDITIONS
from app.media.services import get_media
from app.media.storage import get_storage

log = logging.getLogger(__name__)

bp = Blueprint("media", __name__, url_prefix="/media")

KEY = re.compile(r"[0-9a-f]{32}")
# A key's bytes never change (a new upload gets a new key), so browsers and CDNs may keep them.
YEAR = 365 * 24 * 3600
# Until the renditions job has run, the original stands in, briefly cacheable.
STAND_IN = 60


@bp.get("/<key>", defaults={"rendition": None})
@bp.get("/<key>/<rendition>")
def serve(key: str, rendition: str | None):
    if not KEY.fullmatch(key) or (rendition is not None and rendition not in RENDITIONS):
        abort(404)
    media = get_media(key)
    if media is None:
        abort(404)
    ready = rendition is None or rendition in media.renditions
    name = media.storage_name(rendition if ready else None)
    storage = get_storage()
    direct = storage.url(name)
    if direct:
        return redirect(direct)
    try:
        stream = storage.open(name)
    except FileNotFoundError:
        log.warning("media file %s is missing from storage", name)
        abort(404)
    response = send_file(
        stream,
        mimetype=media.content_type,
        conditional=True,
        etag=name.rsplit("/", 1)[-1],
        last_modified=media.created_at,
        max_age=YEAR if ready else STAND_IN,
    )
    response.cache_control.immutable = ready
    size = _size(stream)
    if size is not None and response.status_code == 200:
        # A file object gives send_file no size; clients and proxies like to know it.
        response.content_length = size
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Opened directly, the response may run nothing and load nothing, whatever it contains.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _size(stream) -> int | None:
    try:
        return os.fstat(stream.fileno()).st_size
    except (AttributeError, OSError):
        return None
