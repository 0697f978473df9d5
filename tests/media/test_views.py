"""Serving media: exact type, long cache, nosniff, and 404 for anything unknown."""

import io

import pytest
from flask import request

from app.extensions import db
from app.media import media_url, store_image
from tests.media.conftest import encoded, gradient

YEAR = 365 * 24 * 3600


@pytest.fixture
def client(app):
    return app.test_client()


def stored_photo(brand):
    media = store_image(
        encoded(gradient((1600, 1200)), "JPEG"), brand_id=brand.id, purpose="contest_photo"
    )
    db.session.commit()
    return media


def assert_safe_headers(response, content_type):
    assert response.headers["Content-Type"] == content_type
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]


def test_original_is_served_with_long_cache(client, storage, brand):
    media = stored_photo(brand)

    response = client.get(f"/media/{media.key}")

    assert response.status_code == 200
    assert_safe_headers(response, "image/jpeg")
    assert response.data == storage.path(media.storage_name()).read_bytes()
    assert response.cache_control.public
    assert response.cache_control.max_age == YEAR
    assert response.cache_control.immutable
    assert int(response.headers["Content-Length"]) == media.byte_size

    again = client.get(f"/media/{media.key}", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_renditions_are_served(client, storage, brand):
    media = stored_photo(brand)
    for name in ("thumb", "display"):
        response = client.get(f"/media/{media.key}/{name}")
        assert response.status_code == 200
        assert_safe_headers(response, "image/jpeg")
        assert response.data == storage.path(media.storage_name(name)).read_bytes()
        assert response.cache_control.max_age == YEAR


def test_png_is_served_as_png(client, storage, brand):
    image = gradient((50, 50), "RGBA")
    image.putpixel((0, 0), (0, 0, 0, 0))
    media = store_image(encoded(image, "PNG"), brand_id=brand.id, purpose="brand_logo")
    db.session.commit()
    assert_safe_headers(client.get(f"/media/{media.key}/thumb"), "image/png")


def test_the_original_stands_in_briefly_until_renditions_exist(client, storage, brand, monkeypatch):
    monkeypatch.setattr("app.media.services.jobs.enqueue", lambda *args: None)
    media = stored_photo(brand)

    response = client.get(f"/media/{media.key}/thumb")

    assert response.status_code == 200
    assert response.data == storage.path(media.storage_name()).read_bytes()
    assert response.cache_control.max_age == 60
    assert not response.cache_control.immutable


@pytest.mark.parametrize(
    "path",
    [
        "/media/0123456789abcdef0123456789abcdef",
        "/media/0123456789abcdef0123456789abcdef/thumb",
        "/media/not-a-key",
        "/media/../secret_key",
        "/media/{key}/original",
        "/media/{key}/thumb/extra",
    ],
)
def test_unknown_is_404(client, storage, brand, path):
    media = stored_photo(brand)
    assert client.get(path.format(key=media.key)).status_code == 404


def test_missing_file_is_404(client, storage, brand):
    media = stored_photo(brand)
    storage.delete(media.storage_name())
    assert client.get(f"/media/{media.key}").status_code == 404


def test_media_url_points_at_the_route(app, storage, brand):
    media = stored_photo(brand)
    with app.test_request_context():
        assert media_url(media) == f"/media/{media.key}"
        assert media_url(media, "thumb") == f"/media/{media.key}/thumb"
        with pytest.raises(ValueError):
            media_url(media, "huge")


def test_a_body_over_the_limit_is_refused_before_it_is_read(app):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    app.add_url_rule(
        "/upload-probe", "upload_probe", lambda: str(len(request.files)), methods=["POST"]
    )
    data = {"photo": (io.BytesIO(b"x" * 4096), "big.jpg")}
    response = app.test_client().post(
        "/upload-probe", data=data, headers={"Accept": "application/json"}
    )
    assert response.status_code == 413
    assert response.get_json()["error"] == "too_big"
    assert response.get_json()["message"].startswith("The file is too big")
