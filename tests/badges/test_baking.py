"""Baked PNGs: the assertion URL in an iTXt chunk named openbadges, and reading it back."""

import io
import struct
import zlib

from PIL import Image
from sqlalchemy import select

from app.badges import unbake
from app.badges.images import bake, generated
from app.engagement import record
from app.extensions import db
from app.media import store_image
from app.models import BadgeAward
from tests.badges.conftest import make_badge


def itxt_chunks(data: bytes) -> dict[str, str]:
    """The PNG's iTXt chunks, parsed from the bytes by hand (PNG spec, section 11.3.4.5)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    found, offset = {}, 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert zlib.crc32(kind + body) == crc
        if kind == b"iTXt":
            keyword, rest = body.split(b"\0", 1)
            compressed, _method = rest[0], rest[1]
            _language, rest = rest[2:].split(b"\0", 1)
            _translated, text = rest.split(b"\0", 1)
            found[keyword.decode("latin-1")] = (
                zlib.decompress(text) if compressed else text
            ).decode("utf-8")
        offset += 12 + length
    return found


def award_of(fan):
    return db.session.scalar(select(BadgeAward).where(BadgeAward.fan_id == fan.id))


def test_the_baked_png_carries_the_assertion_url(client, brand, fan, app):
    make_badge(brand)
    record(fan, "profile_completed")
    db.session.commit()
    award = award_of(fan)
    response = client.get(f"/badges/assertions/{award.uuid}.png")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    data = response.get_data()
    url = f"{app.config['BASE_URL']}/badges/assertions/{award.uuid}"
    assert itxt_chunks(data) == {"openbadges": url}
    assert unbake(data) == url
    assert Image.open(io.BytesIO(data)).size == (256, 256)


def test_an_uploaded_badge_image_is_baked_as_png(client, brand, fan):
    picture = io.BytesIO()
    Image.new("RGB", (120, 80), "#cc3300").save(picture, format="JPEG")
    media = store_image(picture.getvalue(), brand_id=brand.id, purpose="badge_image")
    badge = make_badge(brand)
    badge.image_id = media.id
    record(fan, "profile_completed")
    db.session.commit()
    data = client.get(f"/badges/assertions/{award_of(fan).uuid}.png").get_data()
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size == (120, 80)
    red, green, blue, _alpha = image.getpixel((60, 40))
    assert red > 150 and green < 100 and blue < 80
    assert "openbadges" in itxt_chunks(data)


def test_unbake_reads_what_bake_wrote_and_nothing_from_other_pngs(brand):
    badge = make_badge(brand, name="Night Owl")
    data = bake(generated(brand, badge), "https://example.org/a/1")
    assert unbake(data) == "https://example.org/a/1"
    plain = io.BytesIO()
    Image.new("RGB", (4, 4)).save(plain, format="PNG")
    assert unbake(plain.getvalue()) is None
    assert unbake(b"not an image") is None


def test_a_generated_badge_uses_the_brand_colours(brand):
    badge = make_badge(brand, name="Night Owl")
    image = generated(brand, badge)
    assert image.getpixel((10, 128))[:3] == (0xFF, 0xCC, 0x00)  # the accent ring
    assert image.getpixel((40, 128))[:3] == (0x11, 0x22, 0x33)  # the primary disc
