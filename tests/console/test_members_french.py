"""Roles and staff password messages in French: names of roles everywhere, refusals in words."""

from app.identity.staff_accounts import reset_token
from tests.console.conftest import add_member, make_client, make_user

FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}


def test_a_french_owner_reads_the_roles_in_french(app, owner_client, brand):
    add_member(brand, make_user("ana@acme.test", password=None), "analyst")
    page = owner_client.get("/console/acme/members/", headers=FRENCH).get_data(as_text=True)
    # The role select of each member, the invitation's select, the table of what roles do.
    assert '<option value="analyst" selected>Analyste</option>' in page
    assert '<option value="owner" selected>Propriétaire</option>' in page
    assert "Gestionnaire : campagnes, modération, réglages, statistiques, exports" in page
    assert "<dt>Modérateur</dt><dd>modération et pages en lecture seule</dd>" in page
    # The brand switcher names the member's own role too.
    assert '<span class="role">Propriétaire</span>' in page
    assert ">owner<" not in page and ">analyst<" not in page


def test_a_too_short_password_is_refused_in_french_on_the_reset_page(app, brand):
    # Not signed in: the page speaks the browser's language.
    pierre = make_user("pierre@acme.test", brand=brand, role="manager")
    link = f"/console/password-reset/{reset_token(pierre)}"
    browser = make_client(app)
    refused = browser.submit(link, {"password": "court", "confirm": "court"}, headers=FRENCH)
    assert refused.status_code == 422
    # The apostrophe of "d\u2019au moins" is typographic.
    assert "Choisissez un mot de passe d\u2019au moins 10 caractères." in refused.get_data(
        as_text=True
    )
    differ = browser.submit(
        link, {"password": "assez long mot", "confirm": "autre chose"}, headers=FRENCH
    )
    assert "Les deux mots de passe diffèrent" in differ.get_data(as_text=True)
