"""A later frame that declares billions of pixels is refused at upload, like a huge first frame.

Each file is a real, small animation (GIF, WebP, APNG) or multi-picture JPEG (MPO) whose
second frame's header is then rewritten to claim 60000 x 60000 pixels (3.6 gigapixels).
"""

import io
import struct
import zlib
from pathlib import Path

import pytest
from flask import current_app
from PIL import Image
from sqlalchemy import func, select

from app.extensions import db
from app.models import MediaFile
from contests.photo.models import PhotoEntry

HUGE = 60000
REFUSED = {
    "en": "This image is too large (max 40 megapixels).",
    "fr": "Cette image est trop grande (40 mégapixels au maximum).",
}


def two_frames(fmt: str, **params) -> bytes:
    frames = [Image.new("RGB", (16, 16), colour) for colour in ("teal", "orange")]
    out = io.BytesIO()
    frames[0].save(out, fmt, save_all=True, append_images=frames[1:], **params)
    return out.getvalue()


def gif_with_huge_second_frame() -> bytes:
    """A one-frame GIF, then a second Image Descriptor (and a scrap of LZW data) before ';'."""
    out = io.BytesIO()
    Image.new("P", (16, 16), 1).save(out, "GIF")
    data = out.getvalue()
    assert data.endswith(b";")
    comment = b"!\xfe\x05hello\x00"  # an extension between frames, to be skipped
    descriptor = b"," + struct.pack("<HHHHB", 0, 0, HUGE, HUGE, 0)
    return data[:-1] + comment + descriptor + b"\x02\x02\x44\x01\x00" + b";"


def webp_with_huge_second_frame() -> bytes:
    data = bytearray(two_frames("WEBP", lossless=True))
    frames = [pos for pos, kind, _ in riff_chunks(data) if kind == b"ANMF"]
    assert len(frames) == 2
    body = frames[1] + 8
    # ANMF: X/2, Y/2 (24 bits each), then width - 1 and height - 1 (24 bits each).
    data[body + 6 : body + 12] = (HUGE - 1).to_bytes(3, "little") * 2
    return bytes(data)


def riff_chunks(data: bytes):
    pos = 12
    while pos + 8 <= len(data):
        kind, length = struct.unpack_from("<4sI", data, pos)
        yield pos, kind, length
        pos += 8 + length + (length & 1)


def apng_with_huge_second_frame() -> bytes:
    data = bytearray(two_frames("PNG"))
    second = data.index(b"fcTL", data.index(b"fcTL") + 4)
    body = second + 4
    data[body + 4 : body + 12] = struct.pack(">II", HUGE, HUGE)
    # A correct CRC, so nothing but the declared size is wrong with the file.
    data[body + 26 : body + 30] = struct.pack(">I", zlib.crc32(data[second : body + 26]))
    return bytes(data)


def mpo_with_huge_second_picture() -> bytes:
    data = bytearray(two_frames("MPO"))
    second = data.index(b"\xff\xd8\xff", 2)
    sof = data.index(b"\xff\xc0", second)
    data[sof + 5 : sof + 9] = struct.pack(">HH", HUGE, HUGE)
    return bytes(data)


CRAFTED = {
    "gif": gif_with_huge_second_frame,
    "webp": webp_with_huge_second_frame,
    "apng": apng_with_huge_second_frame,
    "mpo": mpo_with_huge_second_picture,
}


def files_left() -> set[Path]:
    return {path for path in Path(current_app.config["MEDIA_ROOT"]).rglob("*") if path.is_file()}


def test_the_crafted_files_are_small_at_first_sight():
    """Each file opens, and its first frame is 16 x 16: only a later header lies."""
    for make in CRAFTED.values():
        with Image.open(io.BytesIO(make())) as image:
            assert image.size == (16, 16)


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("kind", list(CRAFTED))
def test_a_huge_later_frame_is_refused_and_nothing_is_stored(kind, lang, contest, new_fan):
    fan = new_fan()
    fan.environ_base["HTTP_ACCEPT_LANGUAGE"] = lang
    before = files_left()

    answer = fan.upload(CRAFTED[kind](), caption="animated", expect=400)

    assert answer == {"error": REFUSED[lang], "code": "too_large"}
    assert db.session.scalar(select(func.count()).select_from(PhotoEntry)) == 0
    assert db.session.scalar(select(func.count()).select_from(MediaFile)) == 0
    assert files_left() == before


@pytest.mark.parametrize("fmt", ["GIF", "WEBP", "PNG", "MPO"])
def test_an_honest_animation_is_still_accepted_as_its_first_frame(fmt, contest, new_fan):
    answer = new_fan().upload(two_frames(fmt), caption="animated")

    assert answer["entry"]["status"] == "pending"
    media = db.session.scalars(select(MediaFile)).one()
    assert (media.width, media.height) == (16, 16)
