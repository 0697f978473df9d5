"""Media fixtures: a storage root of the test's own, and images made with Pillow."""

import io
from pathlib import Path

import pytest
from flask import current_app
from PIL import Image
from sqlalchemy import func, select

from app.extensions import db
from app.media.storage import EXTENSION_KEY, LocalStorage
from app.models import MediaFile
from tests.factories import make_brand


def use_storage(root: Path) -> LocalStorage:
    storage = LocalStorage(root)
    current_app.config["MEDIA_ROOT"] = str(root)
    current_app.extensions[EXTENSION_KEY] = storage
    return storage


@pytest.fixture
def storage(app, tmp_path) -> LocalStorage:
    """SQLite, no Redis, and media under this test's own folder."""
    return use_storage(tmp_path / "media")


@pytest.fixture
def any_storage(any_app, tmp_path) -> LocalStorage:
    """The same on SQLite and on PostgreSQL."""
    return use_storage(tmp_path / "media")


@pytest.fixture
def brand():
    return make_brand()


def files_under(root: Path) -> list[Path]:
    """Every file below root, temporary ones included."""
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def media_count() -> int:
    return db.session.scalar(select(func.count()).select_from(MediaFile))


def gradient(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """A picture with structure in both directions, so resizes and rotations show."""
    width, height = size
    horizontal = Image.linear_gradient("L").resize((width, height))
    vertical = horizontal.transpose(Image.Transpose.ROTATE_90).resize((width, height))
    image = Image.merge("RGB", (horizontal, vertical, Image.new("L", size, 90)))
    return image.convert(mode)


def encoded(image: Image.Image, fmt: str, **params) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **params)
    return out.getvalue()


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference per channel value, 0 to 255."""
    a, b = a.convert("RGB"), b.convert("RGB")
    assert a.size == b.size
    pixels = zip(a.tobytes(), b.tobytes(), strict=True)
    return sum(abs(x - y) for x, y in pixels) / (a.width * a.height * 3)
