"""store_image: limits, checks by content, what gets stored, and nothing left after a failure."""

import io
import os

import pytest
from flask import current_app
from PIL import Image, ImageCms, PngImagePlugin
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage

from app.extensions import csrf, db
from app.media import UploadRejected, store_image
from app.media.services import read_limited
from tests.factories import make_brand
from tests.media.conftest import (
    encoded,
    files_under,
    gradient,
    mean_difference,
    media_count,
    use_storage,
)


def stored(storage, media) -> Image.Image:
    image = Image.open(storage.path(media.storage_name()))
    image.load()
    return image


def refused(data, brand, reason: str) -> UploadRejected:
    with pytest.raises(UploadRejected) as rejected:
        store_image(data, brand_id=brand.id, purpose="contest_photo")
    assert rejected.value.reason == reason
    return rejected.value


def assert_nothing_stored(storage):
    assert files_under(storage.root) == []
    assert media_count() == 0


# Limits


def test_default_byte_limit_is_15_mb(storage, brand):
    error = refused(io.BytesIO(bytes(15 * 1024 * 1024 + 1)), brand, "too_big")
    assert error.message == "The file is too big (max 15 MB)."
    assert_nothing_stored(storage)


def test_byte_limit_comes_from_config_and_stops_reading(storage, brand):
    current_app.config["MEDIA_MAX_BYTES"] = 1024 * 1024
    upload = io.BytesIO(encoded(gradient((64, 64)), "PNG") + bytes(2 * 1024 * 1024))
    error = refused(upload, brand, "too_big")
    assert error.message == "The file is too big (max 1 MB)."
    assert upload.tell() == 1024 * 1024 + 1
    assert_nothing_stored(storage)


def test_read_limited_takes_exactly_the_limit():
    assert read_limited(io.BytesIO(b"x" * 10), 10) == b"x" * 10
    assert read_limited(b"x" * 10, 10) == b"x" * 10
    with pytest.raises(UploadRejected):
        read_limited(b"x" * 11, 10)


def test_default_pixel_limit_is_40_megapixels(storage, brand):
    # 48 MP of 1-bit pixels: small to make, refused from its header before any decoding.
    error = refused(encoded(Image.new("1", (8000, 6000)), "PNG"), brand, "too_large")
    assert error.message == "This image is too large (max 40 megapixels)."
    assert_nothing_stored(storage)


def test_pixel_limit_comes_from_config(storage, brand):
    current_app.config["MEDIA_MAX_PIXELS"] = 10_000
    store_image(encoded(gradient((100, 100)), "JPEG"), brand_id=brand.id, purpose="quiz_image")
    error = refused(encoded(gradient((101, 100)), "JPEG"), brand, "too_large")
    assert error.message == "This image is too large (max 0.01 megapixels)."


def test_pillow_bomb_limit_holds_even_when_config_allows_more(storage, brand, monkeypatch):
    # Between Pillow's limit and twice it, Pillow only warns: that warning refuses too.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 5_000)
    current_app.config["MEDIA_MAX_PIXELS"] = 10**9
    error = refused(encoded(gradient((80, 80)), "PNG"), brand, "too_large")
    assert error.message == "This image is too large (max 0.005 megapixels)."
    assert_nothing_stored(storage)


# By content, never by name or header


def test_name_and_declared_type_are_ignored(storage, brand):
    html = FileStorage(io.BytesIO(b"<html><script>alert(1)</script></html>"), "a.jpg", "image/jpeg")
    refused(html, brand, "not_an_image")
    png = FileStorage(io.BytesIO(encoded(gradient((40, 30)), "PNG")), "notes.txt", "text/plain")
    media = store_image(png, brand_id=brand.id, purpose="contest_photo")
    assert (media.content_type, media.width, media.height) == ("image/jpeg", 40, 30)
    assert "notes" not in media.storage_name()


@pytest.mark.parametrize("fmt", ["BMP", "TIFF", "ICO", "PPM"])
def test_other_formats_are_refused_even_if_pillow_reads_them(storage, brand, fmt):
    error = refused(encoded(gradient((32, 32)), fmt), brand, "not_an_image")
    assert error.message == "This file is not a JPEG, PNG, WebP or GIF image."
    assert_nothing_stored(storage)


def test_unknown_purpose_is_a_programming_error(storage, brand):
    with pytest.raises(ValueError, match="unknown media purpose"):
        store_image(encoded(gradient((8, 8)), "PNG"), brand_id=brand.id, purpose="avatar")


def test_a_purpose_the_test_kind_registers_is_accepted(storage, brand):
    # tests/kinds.py declares "game_screenshot"; nothing under app/ names it.
    media = store_image(
        encoded(gradient((8, 8)), "PNG"), brand_id=brand.id, purpose="game_screenshot"
    )
    db.session.commit()
    assert media.purpose == "game_screenshot"


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_truncated_png_is_damaged(storage, brand, cut):
    data = encoded(gradient((200, 200)), "PNG")
    error = refused(data[: int(len(data) * cut)], brand, "damaged")
    assert error.message == "This image is damaged or incomplete."
    assert_nothing_stored(storage)


# What is stored


def test_transparency_is_kept_as_png(storage, brand):
    image = gradient((60, 40), "RGBA")
    image.putpixel((0, 0), (0, 0, 0, 0))
    media = store_image(
        encoded(image, "WEBP", lossless=True), brand_id=brand.id, purpose="brand_logo"
    )
    result = stored(storage, media)
    assert (media.content_type, result.mode) == ("image/png", "RGBA")
    assert result.getpixel((0, 0))[3] == 0


def test_opaque_alpha_becomes_jpeg(storage, brand):
    media = store_image(
        encoded(gradient((60, 40), "RGBA"), "PNG"), brand_id=brand.id, purpose="brand_logo"
    )
    assert (media.content_type, stored(storage, media).mode) == ("image/jpeg", "RGB")


def test_gif_transparency_is_kept(storage, brand):
    image = Image.new("P", (20, 20), 1)
    image.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    image.paste(0, (0, 0, 10, 20))
    media = store_image(
        encoded(image, "GIF", transparency=0), brand_id=brand.id, purpose="badge_image"
    )
    result = stored(storage, media)
    assert media.content_type == "image/png"
    assert result.getpixel((0, 0))[3] == 0
    assert result.getpixel((15, 5)) == (255, 0, 0, 255)


def test_animated_gif_keeps_its_first_frame(storage, brand):
    frames = [Image.new("RGB", (16, 16), color) for color in ("red", "blue", "green")]
    animation = encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=50)
    media = store_image(animation, brand_id=brand.id, purpose="badge_image")
    result = stored(storage, media)
    assert getattr(result, "n_frames", 1) == 1
    red, green, blue = result.convert("RGB").getpixel((8, 8))
    assert red > 200 and green < 50 and blue < 50


def test_orientation_swaps_dimensions(storage, brand):
    image = gradient((64, 32))
    exif = Image.Exif()
    exif[0x0112] = 6
    media = store_image(
        encoded(image, "JPEG", exif=exif, quality=95), brand_id=brand.id, purpose="contest_photo"
    )
    assert (media.width, media.height) == (32, 64)
    reference = image.transpose(Image.Transpose.ROTATE_270)
    assert mean_difference(stored(storage, media), reference) < 4


def test_sixteen_bit_gray_keeps_its_tones(storage, brand):
    media = store_image(
        encoded(Image.new("I;16", (8, 8), 40_000), "PNG"), brand_id=brand.id, purpose="quiz_image"
    )
    result = stored(storage, media)
    assert result.mode == "L"
    assert abs(result.getpixel((4, 4)) - 40_000 // 256) <= 2


def test_cmyk_jpeg_becomes_rgb(storage, brand):
    media = store_image(
        encoded(gradient((32, 32), "CMYK"), "JPEG"), brand_id=brand.id, purpose="quiz_image"
    )
    assert stored(storage, media).mode == "RGB"


def test_colour_profile_is_applied_then_dropped(storage, brand):
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encoded(gradient((32, 32)), "JPEG", icc_profile=profile)
    media = store_image(data, brand_id=brand.id, purpose="contest_photo")
    assert "icc_profile" not in stored(storage, media).info


def test_metadata_chunks_are_not_stored(storage, brand):
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Jane Fan, 12 Secret Street")
    media = store_image(
        encoded(gradient((32, 32), "RGBA"), "PNG", pnginfo=text, dpi=(300, 300)),
        brand_id=brand.id,
        purpose="contest_photo",
    )
    assert b"Secret Street" not in storage.path(media.storage_name()).read_bytes()


# Nothing left behind


def test_rollback_deletes_the_file(any_storage, brand):
    media = store_image(encoded(gradient((32, 32)), "PNG"), brand_id=brand.id, purpose="quiz_image")
    assert any_storage.path(media.storage_name()).exists()
    db.session.rollback()
    assert_nothing_stored(any_storage)


def test_closing_without_commit_deletes_the_file(any_storage, brand):
    store_image(encoded(gradient((32, 32)), "PNG"), brand_id=brand.id, purpose="quiz_image")
    db.session.close()
    assert_nothing_stored(any_storage)


def test_commit_keeps_the_file(any_storage, brand):
    media = store_image(encoded(gradient((32, 32)), "PNG"), brand_id=brand.id, purpose="quiz_image")
    db.session.commit()
    assert any_storage.path(media.storage_name()).exists()
    assert media_count() == 1


def test_failed_flush_leaves_no_file(storage, brand, monkeypatch):
    def refuse():
        raise IntegrityError("INSERT", {}, Exception("constraint"))

    monkeypatch.setattr(db.session, "flush", refuse)
    with pytest.raises(IntegrityError):
        store_image(encoded(gradient((32, 32)), "PNG"), brand_id=brand.id, purpose="quiz_image")
    monkeypatch.undo()
    db.session.rollback()
    assert_nothing_stored(storage)


def test_unknown_brand_leaves_nothing(any_storage):
    with pytest.raises(IntegrityError):
        store_image(encoded(gradient((32, 32)), "PNG"), brand_id=999_999, purpose="quiz_image")
    db.session.rollback()
    assert_nothing_stored(any_storage)


def test_failed_write_leaves_no_file(storage, brand, monkeypatch):
    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError):
        store_image(encoded(gradient((32, 32)), "PNG"), brand_id=brand.id, purpose="quiz_image")
    assert_nothing_stored(storage)


def test_savepoints_keep_or_drop_files_with_their_rows(pg_app, tmp_path):
    storage = use_storage(tmp_path / "media")
    brand = make_brand()

    def store():
        return store_image(
            encoded(gradient((8, 8)), "PNG"), brand_id=brand.id, purpose="quiz_image"
        )

    savepoint = db.session.begin_nested()
    dropped = store()
    savepoint.rollback()
    assert not storage.path(dropped.storage_name()).exists()

    with db.session.begin_nested():
        kept = store()
    assert storage.path(kept.storage_name()).exists()
    db.session.commit()
    # The kept image and the renditions made once the outer transaction committed.
    assert {p.name[:32] for p in files_under(storage.root)} == {kept.key}
    assert len(files_under(storage.root)) == 3

    with db.session.begin_nested():
        released = store()
    db.session.rollback()
    assert not storage.path(released.storage_name()).exists()
    assert storage.path(kept.storage_name()).exists()


def test_views_that_let_a_rejection_escape_answer_400(app, storage, brand):
    @csrf.exempt
    @app.post("/test-upload")
    def upload():
        return {"key": store_image(b"", brand_id=brand.id, purpose="quiz_image").key}

    response = app.test_client().post("/test-upload")
    assert response.status_code == 400
    assert response.json == {"error": "The file is empty.", "reason": "empty"}
