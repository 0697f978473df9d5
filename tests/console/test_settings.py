"""Brand settings: each field checked, nothing half-saved, the secret shown once."""

import io

import pytest
from PIL import Image

from app.extensions import db
from app.models import Brand
from tests.console.conftest import add_member, make_user
from tests.factories import make_brand

VALID = {
    "name": "Acme Roasters",
    "primary": "#1A2B3C",
    "accent": "#ffcc00",
    "locale": "fr",
    "timezone": "Europe/Paris",
    "frame_origins": "https://www.acme.example\nhttp://localhost:8000/\n\nHTTPS://Shop.Acme.example:443",
}


@pytest.fixture
def brand(brand):
    """The console's brand, with a theme whose logo saving must keep."""
    brand.theme = {"primary": "#000000", "logo": "kept"}
    db.session.commit()
    return brand


def reloaded(brand) -> Brand:
    db.session.expire_all()
    return db.session.get(Brand, brand.id)


def test_valid_settings_are_saved_and_normalised(owner_client, brand):
    response = owner_client.submit("/console/acme/settings/", VALID)
    assert response.status_code == 302
    saved = reloaded(brand)
    assert saved.name == "Acme Roasters"
    assert saved.theme == {"primary": "#1a2b3c", "accent": "#ffcc00", "logo": "kept"}
    assert saved.locale == "fr"
    assert saved.timezone == "Europe/Paris"
    assert saved.frame_origins == [
        "https://www.acme.example",
        "http://localhost:8000",
        "https://shop.acme.example",
    ]
    page = owner_client.get("/console/acme/settings/").get_data(as_text=True)
    assert "Settings saved." in page
    assert "http://localhost:8000" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "  ", "Enter a name"),
        ("primary", "red", "six hexadecimal digits"),
        ("accent", "#12345", "six hexadecimal digits"),
        ("accent", "#12345g", "six hexadecimal digits"),
        ("locale", "de", "Choose one of: en, fr"),
        ("timezone", "Mars/Olympus", "not a time zone we know"),
        ("timezone", "../../etc/passwd", "not a time zone we know"),
    ],
)
def test_a_bad_field_is_named_and_nothing_is_saved(owner_client, brand, field, value, message):
    response = owner_client.submit("/console/acme/settings/", {**VALID, field: value})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert message in text
    assert "Nothing was saved" in text
    assert reloaded(brand).name == "Acme"
    assert reloaded(brand).frame_origins == []


def test_each_bad_frame_origin_line_gets_its_own_message(owner_client, brand):
    origins = "\n".join(
        [
            "https://good.example",
            "https://shop.example/embed",
            "ftp://files.example",
            "shop.example",
            "https://*.example.com",
            "https://shop.example:99999",
            "https://shop.example?x=1",
            "https://user:pw@shop.example",
        ]
    )
    response = owner_client.submit("/console/acme/settings/", {**VALID, "frame_origins": origins})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    for line, words in [
        (2, "an origin has no path: remove “/embed”"),
        (3, "start it with https://"),
        (4, "start it with https://"),
        (5, "wildcards are not allowed"),
        (6, "the port must be a number"),
        (7, "no ?query or #fragment"),
        (8, "remove the user name and password"),
    ]:
        assert f"Line {line} " in text
        assert words in text
    assert "Line 1 " not in text
    # The form comes back as typed, so nothing has to be retyped.
    assert "https://shop.example/embed" in text
    assert reloaded(brand).frame_origins == []


def test_the_secret_needs_confirmation_and_is_shown_only_once(owner_client, brand):
    refused = owner_client.submit("/console/acme/settings/secret", {})
    assert refused.status_code == 422
    assert "Tick the box" in refused.get_data(as_text=True)
    assert reloaded(brand).embed_secret is None

    shown = owner_client.submit("/console/acme/settings/secret", {"confirm": "yes"})
    assert shown.status_code == 200
    assert shown.headers["Cache-Control"] == "no-store"
    secret = reloaded(brand).embed_secret
    assert secret and len(secret) == 64
    assert secret in shown.get_data(as_text=True)
    assert secret not in owner_client.get("/console/acme/settings/").get_data(as_text=True)

    again = owner_client.submit("/console/acme/settings/secret", {"confirm": "yes"})
    assert reloaded(brand).embed_secret not in (None, secret)
    assert secret not in again.get_data(as_text=True)


def test_managers_edit_settings_analysts_and_moderators_cannot(client, brand):
    for email, role, status in [
        ("m@acme.test", "manager", 200),
        ("a@acme.test", "analyst", 403),
        ("d@acme.test", "moderator", 403),
    ]:
        add_member(brand, make_user(email), role)
        client.login(email)
        assert client.get("/console/acme/settings/").status_code == status
        post = client.submit("/console/acme/settings/", VALID)
        assert post.status_code == (302 if status == 200 else 403)
        client.submit("/console/logout")
    assert reloaded(brand).name == "Acme Roasters"  # the manager's save


def test_settings_save_on_postgresql(pg_app, pg_client):
    brand = make_brand("acme")
    make_user("boss@acme.test", brand=brand)
    pg_client.login("boss@acme.test")
    assert pg_client.submit("/console/acme/settings/", VALID).status_code == 302
    assert reloaded(brand).frame_origins[0] == "https://www.acme.example"


def png(size=(40, 20)) -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", size, "#1f4f8b").save(out, "PNG")
    out.seek(0)
    return out


def test_a_logo_upload_is_stored_and_shown(owner_client, brand):
    response = owner_client.submit(
        "/console/acme/settings/logo",
        {"logo": (png(), "logo.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    key = reloaded(brand).theme["logo"]
    assert reloaded(brand).theme["primary"] == "#000000"  # the rest of the theme is kept
    page = owner_client.get("/console/acme/settings/").get_data(as_text=True)
    assert f"/{key}" in page
    assert owner_client.get(f"/media/{key}").status_code == 200


def test_a_file_that_is_not_an_image_is_refused_with_the_reason(owner_client, brand):
    response = owner_client.submit(
        "/console/acme/settings/logo",
        {"logo": (io.BytesIO(b"%PDF-1.4 not a picture"), "logo.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "not a JPEG, PNG, WebP or GIF image" in response.get_data(as_text=True)
    assert reloaded(brand).theme == {"primary": "#000000", "logo": "kept"}
    missing = owner_client.submit(
        "/console/acme/settings/logo", {}, content_type="multipart/form-data"
    )
    assert missing.status_code == 422
    assert "Choose an image file" in missing.get_data(as_text=True)
