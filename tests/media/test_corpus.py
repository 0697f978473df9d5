"""Every file of the shared upload corpus goes through store_image, with its expected outcome."""

import fnmatch
import hashlib
import io
import re

import pytest
from PIL import Image, ImageOps

from app.media import UploadRejected, store_image
from app.models import MediaFile
from tests.conftest import SHARED
from tests.media.conftest import files_under, mean_difference, media_count

UPLOADS = SHARED / "corpus" / "uploads"
# Listed when the tests are collected; without the corpus one placeholder runs and skips.
NAMES = sorted(p.name for p in UPLOADS.iterdir()) if UPLOADS.is_dir() else ["(no corpus)"]

ACCEPTED = "accepted"
MESSAGES = {
    "empty": "The file is empty.",
    "not_an_image": "This file is not a JPEG, PNG, WebP or GIF image.",
    "too_large": "This image is too large (max 40 megapixels).",
    "damaged": "This image is damaged or incomplete.",
}
# From ../shared/corpus/README.md; a new corpus file fails until it has an expectation here.
EXPECTED = {
    "hopper.jpg": ACCEPTED,
    "hopper.png": ACCEPTED,
    "hopper.webp": ACCEPTED,
    "flower.jpg": ACCEPTED,
    "sugarshack.mpo": ACCEPTED,
    "hopper.gif": ACCEPTED,
    "exif_gps.jpg": ACCEPTED,
    "hopper_orientation_6.jpg": ACCEPTED,
    "polyglot_php.jpg": ACCEPTED,
    "truncated_jpeg.jpg": "damaged",
    "broken.png": "damaged",
    "empty.jpg": "empty",
    "html_as.jpg": "not_an_image",
    "script.svg": "not_an_image",
    "crash-*.tif": "not_an_image",
    "decompression_bomb.gif": "too_large",
    "png_decompression_dos.png": "too_large",
}
GPS_IFD = 0x8825


def expectation(name: str) -> str:
    for pattern, outcome in EXPECTED.items():
        if fnmatch.fnmatch(name, pattern):
            return outcome
    pytest.fail(f"{name} is in the corpus but has no expected outcome in {__name__}")


def stored_bytes(storage, media: MediaFile) -> bytes:
    with storage.open(media.storage_name()) as stream:
        return stream.read()


@pytest.mark.parametrize("name", NAMES)
def test_corpus_file(corpus, name, storage, brand):
    raw = (corpus / name).read_bytes()
    outcome = expectation(name)

    if outcome != ACCEPTED:
        with pytest.raises(UploadRejected) as rejected:
            store_image(io.BytesIO(raw), brand_id=brand.id, purpose="contest_photo")
        assert (rejected.value.reason, rejected.value.message) == (outcome, MESSAGES[outcome])
        assert files_under(storage.root) == []
        assert media_count() == 0
        return

    media = store_image(io.BytesIO(raw), brand_id=brand.id, purpose="contest_photo")
    data = stored_bytes(storage, media)
    assert files_under(storage.root) == [storage.path(media.storage_name())]
    assert media_count() == 1
    assert media.byte_size == len(data)
    assert media.sha256 == hashlib.sha256(data).hexdigest()
    assert re.fullmatch(r"[0-9a-f]{2}/[0-9a-f]{32}\.(jpg|png)", media.storage_name())

    stored = Image.open(io.BytesIO(data))
    assert Image.MIME[stored.format] == media.content_type
    assert stored.format in ("JPEG", "PNG")
    assert stored.size == (media.width, media.height)
    stored.load()
    # Re-encoded from pixels only: no EXIF (so no GPS), no comment, no profile, no XMP.
    assert len(stored.getexif()) == 0
    assert not {"exif", "comment", "icc_profile", "xmp", "XML:com.adobe.xmp"} & set(stored.info)


def test_gps_is_gone(corpus, storage, brand):
    raw = (corpus / "exif_gps.jpg").read_bytes()
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(GPS_IFD), "the sample lost its GPS"

    media = store_image(io.BytesIO(raw), brand_id=brand.id, purpose="contest_photo")

    stored = Image.open(storage.path(media.storage_name()))
    assert not stored.getexif().get_ifd(GPS_IFD)
    assert b"GPS" not in storage.path(media.storage_name()).read_bytes()


def test_orientation_6_is_stored_upright(corpus, storage, brand):
    raw_image = Image.open(corpus / "hopper_orientation_6.jpg")
    assert raw_image.getexif().get(0x0112) == 6
    upright = ImageOps.exif_transpose(raw_image)

    media = store_image(
        (corpus / "hopper_orientation_6.jpg").read_bytes(), brand_id=brand.id, purpose="quiz_image"
    )

    stored = Image.open(storage.path(media.storage_name()))
    assert stored.size == (raw_image.height, raw_image.width)
    # Close to the reference transposition (JPEG is lossy), far from the raw pixel layout.
    assert mean_difference(stored, upright) < 4
    assert mean_difference(stored, raw_image) > 4 * mean_difference(stored, upright) + 10


def test_polyglot_loses_its_payload(corpus, storage, brand):
    raw = (corpus / "polyglot_php.jpg").read_bytes()
    assert b"<?php" in raw

    media = store_image(raw, brand_id=brand.id, purpose="contest_photo")

    data = storage.path(media.storage_name()).read_bytes()
    assert b"<?php" not in data
    assert b"system(" not in data
    assert data.endswith(b"\xff\xd9")


def test_mpo_is_stored_as_its_first_frame(corpus, storage, brand):
    raw = Image.open(corpus / "sugarshack.mpo")
    assert raw.format == "MPO" and raw.n_frames > 1
    first = raw.convert("RGB")

    media = store_image(
        (corpus / "sugarshack.mpo").read_bytes(), brand_id=brand.id, purpose="contest_photo"
    )

    stored = Image.open(storage.path(media.storage_name()))
    assert (stored.format, stored.size) == ("JPEG", first.size)
    assert getattr(stored, "n_frames", 1) == 1
    assert mean_difference(stored, first) < 4
