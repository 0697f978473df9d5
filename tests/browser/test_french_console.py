"""A staff member switches the console to French in Chromium: nav, pages and form errors follow."""

import pytest

from app.extensions import db
from tests.browser.conftest import Server
from tests.conftest import build_app
from tests.console.conftest import PASSWORD, make_user
from tests.factories import make_brand


@pytest.fixture
def console(sqlite_url):
    app = build_app(sqlite_url)
    with app.app_context():
        brand = make_brand("acme", name="Acme Coffee", theme={"primary": "#7a3e1d"})
        make_user("owner@acme.test", brand=brand)
        db.session.commit()
    server = Server(wsgi=app)
    yield f"http://127.0.0.1:{server.port}"
    server.stop()
    with app.app_context():
        db.engine.dispose()


def test_a_member_switches_the_console_to_french(browser, console):
    # An English browser: the console starts in English, then keeps the member's choice.
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{console}/console/acme/settings/")
    page.get_by_label("Email").fill("owner@acme.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/console/acme/settings/")
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("button", name="Français").click()
    page.wait_for_url("**/console/acme/settings/")
    assert page.locator("html").get_attribute("lang") == "fr"
    nav = page.get_by_role("navigation", name="Console")
    assert nav.get_by_role("link", name="Classement").is_visible()
    assert nav.get_by_role("link", name="Campagnes").is_visible()

    page.get_by_label("Principale").fill("red")
    page.evaluate("document.querySelector('#primary').removeAttribute('pattern')")
    page.get_by_role("button", name="Enregistrer les réglages").click()
    problem = page.locator("#primary-problem")
    assert "Indiquez une couleur comme #1f4f8b" in problem.inner_text()

    # Another day, the same member in the same English browser: still French.
    page.goto(f"{console}/console/acme/leaderboard/")
    assert page.get_by_role("heading", level=1).inner_text() == "Classement"
    context.close()
