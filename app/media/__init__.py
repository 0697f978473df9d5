"""Upload validation and re-encoding with Pillow, renditions, storage backends.

Features call store_image() to accept an upload (UploadRejected carries the fan's message),
media_url() to show it, find_near_duplicates() to flag copies and delete_media() to remove it.
"""

from pathlib import Path

from flask import jsonify

from app.media.errors import UploadRejected
from app.media.renditions import RENDITIONS, make_renditions
from app.media.services import (
    NEAR_DUPLICATE_DISTANCE,
    NearDuplicate,
    delete_media,
    find_near_duplicates,
    get_media,
    media_url,
    store_image,
)
from app.media.storage import EXTENSION_KEY, LocalStorage, Storage, get_storage
from app.media.views import bp

__all__ = [
    "NEAR_DUPLICATE_DISTANCE",
    "RENDITIONS",
    "LocalStorage",
    "NearDuplicate",
    "Storage",
    "UploadRejected",
    "delete_media",
    "find_near_duplicates",
    "get_media",
    "get_storage",
    "init_app",
    "make_renditions",
    "media_url",
    "store_image",
]

DEFAULTS = {
    "MEDIA_MAX_BYTES": 15 * 1024 * 1024,
    "MEDIA_MAX_PIXELS": 40_000_000,
}


def init_app(app) -> None:
    """Register media serving and storage."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.config.setdefault("MEDIA_ROOT", str(Path(app.instance_path) / "media"))
    # Refuse oversized bodies before werkzeug buffers them; the margin covers form fields.
    app.config.setdefault("MAX_CONTENT_LENGTH", app.config["MEDIA_MAX_BYTES"] + 1024 * 1024)
    # MEDIA_STORAGE lets a deployment (or a test) plug in another backend object.
    app.extensions[EXTENSION_KEY] = app.config.get("MEDIA_STORAGE") or LocalStorage(
        app.config["MEDIA_ROOT"]
    )
    app.register_blueprint(bp)
    app.register_error_handler(UploadRejected, _rejected)


def _rejected(error: UploadRejected):
    # A view that lets UploadRejected escape still answers 400 with the fan's message, not 500.
    return jsonify(error=error.message, reason=error.reason), 400
