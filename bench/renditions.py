"""The rendition job on a 12-megapixel photo, beside bare Pillow making the same resizes.

The app's side is the real job, make_renditions(media_id): lock the row, read the original
from storage, decode, resize, encode, save both files and the row. Bare Pillow decodes with
draft mode and makes the same two resizes into memory: the most the job could do.
"""

import io
import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade
from PIL import Image, ImageFilter

from app.extensions import db
from app.media import get_storage, make_renditions, store_image
from app.media.renditions import QUALITY, RENDITIONS
from app.models import Brand, MediaFile

PHOTO_SIZE = (4000, 3000)
ROUNDS = 8


def make_photo() -> bytes:
    """A 12-megapixel JPEG that costs what a photo costs to decode: smooth shapes and grain."""
    width, height = PHOTO_SIZE
    # Large soft shapes (a blurred low-resolution noise field) carry the low frequencies...
    shapes = Image.merge(
        "RGB", [Image.effect_noise((width // 40, height // 40), 80) for _ in range(3)]
    ).resize(PHOTO_SIZE, Image.Resampling.BICUBIC)
    shapes = shapes.filter(ImageFilter.GaussianBlur(3))
    # ...and sensor grain the high ones, so the entropy decoder has real work on every block.
    grain = Image.merge("RGB", [Image.effect_noise(PHOTO_SIZE, 24) for _ in range(3)])
    photo = Image.blend(shapes, grain, 0.25)
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=90)
    return out.getvalue()


def bare_pillow(data: bytes) -> None:
    """The same renditions with nothing around them: draft decode, two thumbnails, encode."""
    boxes = sorted(RENDITIONS.values(), reverse=True)
    with Image.open(io.BytesIO(data)) as image:
        image.draft("RGB", (boxes[0], boxes[0]))
        for box in boxes:
            image.thumbnail((box, box))
            image.save(io.BytesIO(), "JPEG", quality=QUALITY)


def _app(folder: Path):
    from app import create_app

    app = create_app(
        {
            "SECRET_KEY": "bench-only-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'renditions.db'}",
            "MEDIA_ROOT": str(folder / "media"),
            "LOG_LEVEL": "WARNING",
            # The photo contest registers the purpose its photos are stored under; no kind
            # takes part in the job itself.
            "KIND_PACKAGES": ("contests",),
        }
    )
    with app.app_context():
        upgrade()
    return app


def measure(rounds: int = ROUNDS) -> dict:
    """Photos per second through the job and through bare Pillow, interleaved round by round."""
    data = make_photo()
    with tempfile.TemporaryDirectory(prefix="superfan-bench-renditions-") as folder:
        app = _app(Path(folder))
        with app.app_context():
            brand = Brand(slug="bench-renditions", name="Bench renditions")
            db.session.add(brand)
            db.session.flush()
            media = store_image(data, brand_id=brand.id, purpose="contest_photo")
            db.session.commit()
            media_id = media.id
            # Both sides start from the bytes the job reads: the stored, re-encoded original.
            with get_storage().open(media.storage_name()) as source:
                data = source.read()
            job_s = bare_s = 0.0
            # One untimed round of each warms the caches and imports.
            bare_pillow(data)
            for round_ in range(rounds + 1):
                db.session.get_one(MediaFile, media_id).renditions = {}
                db.session.commit()
                started = time.perf_counter()
                make_renditions(media_id)
                db.session.commit()
                job = time.perf_counter() - started
                started = time.perf_counter()
                bare_pillow(data)
                bare = time.perf_counter() - started
                if round_:
                    job_s, bare_s = job_s + job, bare_s + bare
            made = db.session.get_one(MediaFile, media_id).renditions
            db.engine.dispose()
    return {
        "photo": f"{PHOTO_SIZE[0]}x{PHOTO_SIZE[1]} JPEG, {len(data) / 1e6:.1f} MB",
        "rounds": rounds,
        "renditions": made,
        "job_photos_per_s": rounds / job_s,
        "bare_photos_per_s": rounds / bare_s,
        "ratio": bare_s / job_s,
    }
