"""Consent text: a changed text is a new version; the history shows who accepted which."""

from sqlalchemy import select

from app.extensions import db
from app.models import ConsentRecord, ConsentText, utcnow
from tests.factories import make_brand, make_fan


def versions(brand) -> list[tuple[str, str]]:
    db.session.expire_all()
    return [
        (text.version, text.body)
        for text in db.session.scalars(
            select(ConsentText).where(ConsentText.brand_id == brand.id).order_by(ConsentText.id)
        )
    ]


def test_each_change_is_a_new_version_and_old_ones_stay(client, brand):
    client.login("boss@acme.test")
    first = client.submit("/console/acme/settings/consent", {"body": "Send me news."})
    assert first.status_code == 302
    # Same wording, other line endings and spaces: not a change.
    client.submit("/console/acme/settings/consent", {"body": "  Send me news.\r\n"})
    client.submit("/console/acme/settings/consent", {"body": "Send me news and offers."})
    assert versions(brand) == [("v1", "Send me news."), ("v2", "Send me news and offers.")]
    page = client.get("/console/acme/settings/consent").get_data(as_text=True)
    assert "current: version v2" in page
    assert "Send me news." in page and "v1" in page


def test_the_history_counts_fans_who_accepted_each_version(client, brand):
    client.login("boss@acme.test")
    client.submit("/console/acme/settings/consent", {"body": "Version one."})
    for version in ("v1", "v1", "v2"):
        fan = make_fan(brand)
        db.session.add(
            ConsentRecord(
                fan_id=fan.id,
                purpose="marketing",
                text_version=version,
                granted=True,
                created_at=utcnow(),
            )
        )
    other = make_fan(make_brand("other"))
    db.session.add(
        ConsentRecord(
            fan_id=other.id,
            purpose="marketing",
            text_version="v1",
            granted=True,
            created_at=utcnow(),
        )
    )
    db.session.commit()
    client.submit("/console/acme/settings/consent", {"body": "Version two."})
    page = client.get("/console/acme/settings/consent").get_data(as_text=True)
    history = page.split("<h2>Versions</h2>")[1]
    rows = [row for row in history.split("<tr>") if "Version one." in row or "Version two." in row]
    assert '<td class="num">2</td>' in next(r for r in rows if "Version one." in r)
    assert '<td class="num">1</td>' in next(r for r in rows if "Version two." in r)


def test_an_empty_text_is_refused(client, brand):
    client.login("boss@acme.test")
    response = client.submit("/console/acme/settings/consent", {"body": "   "})
    assert response.status_code == 422
    assert "Write the text" in response.get_data(as_text=True)
    assert versions(brand) == []


def test_each_language_has_its_text_and_a_fan_without_one_reads_the_default(client, brand):
    client.login("boss@acme.test")
    page = client.get("/console/acme/settings/consent").get_data(as_text=True)
    assert 'name="body_fr"' in page and "the brand's default language" in page

    client.submit(
        "/console/acme/settings/consent",
        {"body": "Send me news.", "body_fr": "  Envoyez-moi des nouvelles.\r\n"},
    )
    # Only the French wording changes: a new version all the same.
    client.submit(
        "/console/acme/settings/consent",
        {"body": "Send me news.", "body_fr": "Envoyez-moi les nouvelles."},
    )
    client.submit(
        "/console/acme/settings/consent",
        {"body": "Send me news.", "body_fr": "Envoyez-moi les nouvelles."},
    )
    db.session.expire_all()
    texts = db.session.scalars(select(ConsentText).order_by(ConsentText.id)).all()
    assert [(t.version, t.translations) for t in texts] == [
        ("v1", {"fr": "Envoyez-moi des nouvelles."}),
        ("v2", {"fr": "Envoyez-moi les nouvelles."}),
    ]
    assert texts[1].body_for("fr") == "Envoyez-moi les nouvelles."
    assert texts[1].body_for("en") == texts[1].body_for("de") == "Send me news."

    fan = make_fan(brand)
    db.session.commit()
    fan_browser = client.application.test_client()
    with fan_browser.session_transaction("/e/acme") as session:
        session["fan_user_id"] = fan.user_id
    french = fan_browser.get("/e/acme?lang=fr").get_data(as_text=True)
    assert "Envoyez-moi les nouvelles." in french and "Send me news." not in french
    english = fan_browser.get("/e/acme?lang=en").get_data(as_text=True)
    assert "Send me news." in english and "Envoyez-moi" not in english


def test_a_too_long_translation_is_refused_and_the_typed_texts_stay(client, brand):
    client.login("boss@acme.test")
    response = client.submit(
        "/console/acme/settings/consent", {"body": "Send me news.", "body_fr": "x" * 5001}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Keep the Français text under 5000 characters." in page
    assert "Send me news." in page
    assert versions(brand) == []
