"""A browser that sends back no cookie gets one clear message with the way forward, never
"your session has expired" (reloading would not help)."""

from app.models import utcnow
from tests.embed.conftest import page_csrf
from tests.games.quiz import quizzes


def test_a_form_posted_without_any_cookie_says_cookies_are_blocked(app, brand, campaign):
    iframe = app.test_client()
    token = page_csrf(iframe, "/e/acme/spring")
    iframe.delete_cookie("sf_fan")  # the browser refused it
    response = iframe.post("/e/acme/spring/play", data={"csrf_token": token})

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Cookies are blocked" in page
    assert "blocks cookies in embedded pages" in page
    assert "Open the hosted page" in page and 'href="http://localhost/e/acme"' in page
    assert "session has expired" not in page
    assert "Reload" not in page

    iframe.delete_cookie("sf_fan")  # refused again
    french = iframe.post(
        "/e/acme/spring/play", data={"csrf_token": token}, headers={"Accept-Language": "fr"}
    )
    assert "Les cookies sont bloqués" in french.get_data(as_text=True)


def test_a_script_posting_without_any_cookie_hears_cookies_blocked(app, brand):
    quizzes.trivia(brand, now=utcnow())
    response = app.test_client().post(
        "/e/acme/trivia/quiz/start",
        json={},
        headers={"X-CSRFToken": "from-a-page-whose-cookie-never-came-back"},
    )
    assert response.status_code == 400
    assert response.get_json()["code"] == "cookies_blocked"
    assert "blocks cookies in embedded pages" in response.get_json()["error"]

    handoff = app.test_client().post(
        "/fan/acme/handoff", json={"token": "x"}, headers={"Accept": "application/json"}
    )
    assert handoff.status_code == 400
    assert handoff.get_json()["error"] == "cookies_blocked"


def test_a_top_level_page_without_cookies_asks_to_allow_them(app, brand, campaign):
    response = app.test_client().post(
        "/e/acme/spring/play", data={"csrf_token": "x"}, headers={"Sec-Fetch-Dest": "document"}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Allow cookies for this site, then reload the page." in page
    main = page.split('<main class="sf-main">')[1].split("</main>")[0]
    assert "Allow cookies" in main and "Open the hosted page" not in main


def test_a_stale_page_with_its_cookie_still_says_the_session_expired(app, brand, campaign):
    iframe = app.test_client()
    page_csrf(iframe, "/e/acme/spring")
    response = iframe.post("/e/acme/spring/play", data={"csrf_token": "stale"})
    assert response.status_code == 400
    assert "Your session has expired" in response.get_data(as_text=True)
