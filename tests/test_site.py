"""The front door at / and the app's own 404 everywhere: never Werkzeug's bare page."""

import pytest

from app.extensions import db
from tests.console.conftest import ConsoleClient, make_user
from tests.factories import make_brand

FRENCH = {"Accept-Language": "fr"}


@pytest.fixture
def client(app):
    make_brand("acme", name="Acme Coffee")
    db.session.commit()
    return app.test_client()


def test_the_front_door_says_what_this_is_and_links_the_ways_in(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "This is a Superfan server" in page
    assert "never by what they buy" in page
    assert 'href="/console/"' in page
    # The demo host (on for the embedded default) on the app's other loopback name.
    assert 'href="http://localhost:5000/demo/host"' in page
    assert "README.md" in page
    assert "site.css" in page


def test_the_front_door_speaks_french(client):
    page = client.get("/", headers=FRENCH).get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert "Ceci est un serveur Superfan" in page
    assert "Ouvrir la console" in page
    assert "This is a Superfan server" not in client.get("/?lang=fr").get_data(as_text=True)


def test_without_the_demo_host_the_front_door_does_not_link_it(app, client):
    app.config["DEMO_HOST"] = False
    page = client.get("/").get_data(as_text=True)
    assert "/demo/host" not in page
    assert 'href="/console/"' in page


def test_an_unknown_path_gets_the_apps_own_404(client):
    response = client.get("/nowhere/at/all")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "Page not found" in page and "site.css" in page
    assert 'href="/"' in page and 'href="/console/"' in page
    assert "Not Found</h1>" not in page  # Werkzeug's own
    french = client.get("/nowhere/at/all", headers=FRENCH).get_data(as_text=True)
    assert "Page introuvable" in french


def test_a_script_gets_json_for_an_unknown_path(client):
    response = client.get("/api/nothing", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json() == {
        "ok": False,
        "error": "not_found",
        "title": "Page not found",
        "message": "We could not find this page. Please check the link.",
    }


def test_an_unknown_console_path_gets_the_consoles_404_in_french(app, client):
    response = client.get("/console/acme/no/such/page", headers=FRENCH)
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "console.css" in page
    assert "Page introuvable" in page and "Retour à vos marques" in page
    # A brand the signed-in staff member does not belong to: the console's own 404 too.
    make_user("boss@acme.test")
    app.test_client_class = ConsoleClient
    staff = app.test_client()
    staff.login("boss@acme.test")
    page = staff.get("/console/acme/", headers=FRENCH).get_data(as_text=True)
    assert "Page introuvable" in page and "pas membre" in page


def test_an_unknown_fan_path_gets_the_fans_message(client):
    response = client.get("/e/acme/spring/nothing/here", headers=FRENCH)
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Page introuvable" in page and "sf-message" in page
