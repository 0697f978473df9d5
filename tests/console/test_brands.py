"""Brands: creating one, belonging to several, switching by URL without leaks between them."""

from sqlalchemy import select

from app.extensions import db
from app.models import Brand, Membership
from tests.console.conftest import add_member, make_user
from tests.factories import make_brand, make_campaign


def test_a_staff_member_creates_a_brand_and_owns_it(app, client):
    user = make_user("solo@superfan.test")
    client.login(user.email)
    response = client.submit("/console/brands", {"name": "Café Lumière", "slug": ""})
    assert response.status_code == 302
    assert response.headers["Location"] == "/console/cafe-lumiere/"
    brand = db.session.scalar(select(Brand).where(Brand.slug == "cafe-lumiere"))
    role = db.session.scalar(select(Membership.role).where(Membership.brand_id == brand.id))
    assert role == "owner"
    assert "Café Lumière" in client.get("/console/cafe-lumiere/").get_data(as_text=True)


def test_brand_names_and_slugs_are_checked(client):
    make_brand("taken")
    make_user("solo@superfan.test")
    client.login("solo@superfan.test")
    cases = [
        ({"name": "", "slug": "fine"}, "Give the brand a name."),
        ({"name": "Taken", "slug": "taken"}, "is taken"),
        ({"name": "Login", "slug": "login"}, "is reserved"),
        ({"name": "Bad", "slug": "Bad Slug!"}, "lowercase letters"),
    ]
    for form, message in cases:
        response = client.submit("/console/brands", form)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)


def test_one_person_switches_between_brands_by_url(client):
    north = make_brand("north", name="North Shop")
    south = make_brand("south", name="South Shop")
    make_campaign(north, "north-quiz", title="Northern Quiz")
    make_campaign(south, "south-quiz", title="Southern Quiz")
    user = make_user("both@superfan.test", brand=north, role="owner")
    add_member(south, user, "analyst")
    client.login(user.email)

    home = client.get("/console/").get_data(as_text=True)
    assert "North Shop" in home and "South Shop" in home

    north_page = client.get("/console/north/").get_data(as_text=True)
    south_page = client.get("/console/south/").get_data(as_text=True)
    assert "Northern Quiz" in north_page and "Southern Quiz" not in north_page
    assert "Southern Quiz" in south_page and "Northern Quiz" not in south_page
    # The switcher lists both brands on every brand page.
    assert 'href="/console/south/"' in north_page
    # The role is per brand: owner in one, analyst in the other.
    assert client.get("/console/north/settings/").status_code == 200
    assert client.get("/console/south/settings/").status_code == 403
    # Nav entries follow the role in the brand on screen.
    assert "/console/north/members/" in north_page
    assert "/console/south/members/" not in south_page


def test_a_non_member_gets_404_for_a_brand_that_exists(client):
    make_brand("secret", name="Secret Brand")
    make_user("outsider@superfan.test", brand=make_brand("mine"))
    client.login("outsider@superfan.test")
    response = client.get("/console/secret/")
    assert response.status_code == 404
    assert "Secret Brand" not in response.get_data(as_text=True)
    assert client.get("/console/no-such-brand/").status_code == 404
