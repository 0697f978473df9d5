"""The "Stay in touch" card: after the page's content, never in the sign-in popup, and
"Not now" puts it away without recording an answer."""

from sqlalchemy import func, select

from app.extensions import db
from app.identity import fan_tokens
from app.models import ConsentRecord, ConsentText, FanProfile, utcnow
from tests.embed.conftest import csrf_from, page_csrf, play


def the_profile(brand):
    return db.session.scalar(select(FanProfile).where(FanProfile.brand_id == brand.id))


def test_the_card_comes_after_the_game_and_never_in_the_signin_popup(client, brand, campaign):
    play(client)
    page = client.get("/e/acme/spring").get_data(as_text=True)
    assert "Stay in touch with Acme Coffee?" in page
    assert page.index("</main>") < page.index("Stay in touch")  # the game comes first

    # The popup's pages share this first-party cookie jar, unanswered consent included.
    assert "Stay in touch" not in client.get("/fan/acme/signin").get_data(as_text=True)
    csrf = page_csrf(client, "/e/acme")
    client.post(
        "/fan/acme/brand-token",
        json={"token": fan_tokens.make_brand_token(brand, "customer-7")},
        headers={"X-CSRFToken": csrf, "Accept": "application/json"},
    )
    done = client.get("/fan/acme/signin/done")
    assert done.status_code == 200
    assert "Stay in touch" not in done.get_data(as_text=True)
    assert "Stay in touch" in client.get("/e/acme").get_data(as_text=True)


def test_not_now_puts_the_card_away_and_records_nothing(client, brand, campaign):
    play(client)
    page = client.get("/e/acme/spring")
    assert 'name="action" value="later"' in page.get_data(as_text=True)
    response = client.post(
        "/fan/acme/consent",
        data={
            "csrf_token": csrf_from(page),
            "action": "later",
            "version": "v1",
            "next": "/e/acme/spring",
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/e/acme/spring"
    assert "Stay in touch" not in client.get("/e/acme/spring").get_data(as_text=True)
    assert the_profile(brand).consent_version is None
    assert not the_profile(brand).marketing_consent
    assert db.session.scalar(select(func.count()).select_from(ConsentRecord)) == 0
    home = client.get("/e/acme").get_data(as_text=True)
    assert "Change my choice" in home  # the choice is still there to make

    db.session.add(
        ConsentText(brand_id=brand.id, version="v2", body="Acme, monthly.", created_at=utcnow())
    )
    db.session.commit()
    assert "Stay in touch" in client.get("/e/acme/spring").get_data(as_text=True)
