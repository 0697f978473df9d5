"""Fans send photos: moderation modes, fields, captions as text, watched words, duplicates."""

import io

from PIL import Image
from sqlalchemy import func, select

from app.extensions import db
from app.media import get_storage
from app.models import EngagementEvent, MediaFile
from contests.photo.models import PhotoDecision, PhotoEntry
from tests.contests.conftest import make_contest, photo


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_under_pre_moderation_a_photo_waits_hidden_until_approved(contest, new_fan):
    fan = new_fan()
    sent = fan.upload(photo(1), caption="Morning cup")["entry"]
    assert sent["status"] == "pending"
    assert fan.call("mine")["entries"][0]["caption"] == "Morning cup"
    assert fan.call("gallery")["entries"] == []
    assert new_fan().get(sent["page_url"]).status_code == 404
    events = db.session.scalars(select(EngagementEvent.type)).all()
    assert "photo_submitted" in events


def test_under_post_moderation_a_photo_shows_at_once(brand, new_fan):
    make_contest(brand, moderation="post")
    fan = new_fan()
    sent = fan.upload(photo(1), caption="Latte")["entry"]
    assert sent["status"] == "approved"
    shown = new_fan().call("gallery")["entries"]
    assert [entry["caption"] for entry in shown] == ["Latte"]


def test_the_stored_photo_is_re_encoded_without_gps_and_has_renditions(brand, new_fan):
    make_contest(brand, moderation="post")
    image = Image.new("RGB", (800, 600), "teal")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 30.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    assert b"Exif" in out.getvalue()
    fan = new_fan()
    fan.upload(out.getvalue())
    media = db.session.scalars(select(MediaFile)).one()
    with get_storage().open(media.storage_name()) as stored:
        data = stored.read()
    assert b"Exif" not in data
    with Image.open(io.BytesIO(data)) as reopened:
        assert reopened.getexif().get(0x8825) is None
    # The renditions job ran after the commit (inline without Redis).
    db.session.refresh(media)
    assert set(media.renditions) == {"display", "thumb"}
    assert fan.get(fan.call("gallery")["entries"][0]["thumb_url"]).status_code == 200


def test_a_caption_with_html_is_shown_as_text(brand, new_fan):
    make_contest(brand, moderation="post")
    fan = new_fan()
    sent = fan.upload(photo(1), caption='<script>alert("x")</script><b>hi</b>')["entry"]
    page = fan.get(sent["page_url"]).get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
    assert fan.call("gallery")["entries"][0]["caption"] == '<script>alert("x")</script><b>hi</b>'


def test_the_entry_page_carries_an_open_graph_image(brand, new_fan):
    make_contest(brand, moderation="post")
    fan = new_fan()
    sent = fan.upload(photo(1), caption="Share me")["entry"]
    page = fan.get(sent["page_url"]).get_data(as_text=True)
    assert 'property="og:image" content="http://localhost/media/' in page


def test_brand_fields_are_asked_and_required_ones_enforced(brand, new_fan):
    make_contest(
        brand,
        fields=[
            {"key": "city", "label": "Your city", "required": True},
            {"key": "cafe", "label": "Café", "required": False},
        ],
    )
    fan = new_fan()
    assert "Your city" in fan.visit()
    refused = fan.upload(photo(1), caption="x", expect=400)
    assert refused == {"error": "Please fill in “Your city”.", "code": "malformed"}
    assert count(PhotoEntry) == 0 and count(MediaFile) == 0
    sent = fan.upload(photo(1), caption="x", city="Lyon", other="ignored")["entry"]
    assert sent["fields"] == {"city": "Lyon"}


def test_a_too_long_caption_is_refused_and_nothing_is_stored(contest, new_fan):
    refused = new_fan().upload(photo(1), caption="x" * 501, expect=400)
    assert refused["code"] == "malformed"
    assert count(PhotoEntry) == 0 and count(MediaFile) == 0


def test_a_missing_photo_is_refused(contest, new_fan):
    fan = new_fan()
    response = fan.post(
        fan.base + "entries", data={"caption": "x"}, headers={"X-CSRFToken": fan.token}
    )
    assert response.status_code == 400
    assert response.get_json()["error"] == "Choose a photo to send."


def test_without_the_csrf_token_nothing_is_sent(contest, new_fan):
    fan = new_fan()
    fan.token = "forged"
    assert fan.upload(photo(1), expect=400)["code"] == "csrf"
    assert count(PhotoEntry) == 0


def test_a_fan_may_send_only_the_allowed_number_of_photos(brand, new_fan):
    make_contest(brand, max_entries_per_fan=2)
    fan = new_fan()
    fan.upload(photo(1))
    fan.upload(photo(2))
    refused = fan.upload(photo(3), expect=403)
    assert refused["code"] == "limit"
    assert count(PhotoEntry) == 2


def test_entries_are_refused_when_the_contest_is_not_live(brand, new_fan, clock):
    make_contest(brand, status="draft")
    fan = new_fan()
    assert fan.upload(photo(1), expect=403)["code"] == "not_live"
    assert count(MediaFile) == 0


def test_a_near_duplicate_is_flagged_for_moderators(brand, new_fan):
    make_contest(brand, moderation="post")
    original = Image.new("RGB", (400, 300), "white")
    for x in range(0, 400, 40):
        original.paste((x % 255, 40, 200 - x // 2), (x, 0, x + 20, 300))
    first, second = io.BytesIO(), io.BytesIO()
    original.save(first, "JPEG", quality=95)
    original.resize((200, 150)).save(second, "JPEG", quality=60)
    new_fan().upload(first.getvalue())
    copy = new_fan().upload(second.getvalue())["entry"]
    entry = db.session.get(PhotoEntry, copy["id"])
    earlier = db.session.scalars(select(PhotoEntry).order_by(PhotoEntry.id)).first()
    assert entry.near_duplicate_of_id == earlier.id
    assert entry.flagged
    assert "Nearly the same photo" in db.session.scalars(select(PhotoDecision.reason)).one()


def test_a_file_over_the_byte_limit_is_refused_and_nothing_is_stored(app, contest, new_fan):
    app.config["MEDIA_MAX_BYTES"] = 2048
    refused = new_fan().upload(photo(1, size=(200, 200)), expect=400)
    assert refused == {"error": "The file is too big (max 0.00195312 MB).", "code": "too_big"}
    assert count(PhotoEntry) == 0 and count(MediaFile) == 0
