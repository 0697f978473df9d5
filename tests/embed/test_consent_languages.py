"""The demo's marketing consent text comes in the fan's language, English or French."""

from app import demo
from app.extensions import db
from app.models import ConsentText
from tests.factories import make_fan


def test_the_demo_consent_text_is_shown_in_french_and_in_english(client, app):
    brand = demo.ensure_brand()
    demo.ensure_consent_text(brand)
    fan = make_fan(brand)
    db.session.commit()
    with client.session_transaction("/e/demo") as session:
        session["fan_user_id"] = fan.user_id

    french = client.get("/e/demo?lang=fr").get_data(as_text=True)
    assert "Lumen Coffee peut vous envoyer par e-mail des nouvelles" in french
    assert "may send you news" not in french
    english = client.get("/e/demo?lang=en").get_data(as_text=True)
    assert "Lumen Coffee may send you news, offers" in english
    assert "peut vous envoyer" not in english


def test_a_demo_loaded_before_the_french_text_gets_it_in_the_same_version(app):
    brand = demo.ensure_brand()
    db.session.add(
        ConsentText(brand_id=brand.id, version=demo.CONSENT_VERSION, body="Old English text.")
    )
    db.session.commit()
    demo.ensure_consent_text(brand)
    db.session.commit()
    [text] = db.session.query(ConsentText).all()
    assert text.body == "Old English text."
    assert text.body_for("fr").startswith("Lumen Coffee peut vous envoyer")
