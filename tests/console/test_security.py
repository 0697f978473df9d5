"""Scoping, roles, CSRF and framing, checked across every console route."""

import pytest
from flask import url_for
from sqlalchemy import select

from app.console.roles import can
from app.console.services import members as member_services
from app.extensions import db
from app.models import ROLES, Brand, ConsentText, ExportLog, Invitation, Membership, utcnow
from tests.console.conftest import add_member, console_campaign, make_client, make_user
from tests.factories import make_brand, make_campaign, make_fan

SECRET = "f00dfeed" * 8
FRAME = "frame-ancestors 'none'"
# Whatever a page could show of the other brand; none of it may appear in any answer.
THEIR_DATA = [
    "Zeta Hidden Brand",
    "zeta-hidden.test",
    "Zeta Campaign Title",
    "Zeta consent wording",
    "zeta-shop.example",
    "Zeta Fan Name",
    SECRET,
]
# Enough for every console form to do something if the request ever got through.
FORM = {
    "role": "owner",
    "email": "me@ours.test",
    "name": "Hijacked",
    "primary": "#000000",
    "accent": "#000000",
    "locale": "en",
    "timezone": "UTC",
    "frame_origins": "https://evil.example",
    "confirm": "yes",
    "body": "Hijacked consent",
    "format": "csv",
}


def brand_rules(app):
    """Every route under /console/<brand_slug>: the shell's own and the kinds' pages."""
    return [
        rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/console/<brand_slug>")
    ]


@pytest.fixture
def theirs(kind_app):
    """Another brand with a row of every kind a console route can take an id of."""
    brand = make_brand(
        "zeta",
        name="Zeta Hidden Brand",
        embed_secret=SECRET,
        frame_origins=["https://zeta-shop.example"],
        theme={"primary": "#123456", "accent": "#654321"},
    )
    owner = make_user("owner@zeta-hidden.test", brand=brand)
    analyst = make_user("analyst@zeta-hidden.test", brand=brand, role="analyst")
    campaign = console_campaign(brand, "zeta-camp", title="Zeta Campaign Title")
    invitation, _ = member_services.invite(brand, owner, "invitee@zeta-hidden.test", "analyst")
    db.session.add(ConsentText(brand_id=brand.id, version="v1", body="Zeta consent wording"))
    db.session.add(
        ExportLog(brand_id=brand.id, actor="owner@zeta-hidden.test", format="csv", row_count=1)
    )
    fan = make_fan(brand, "Zeta Fan Name", points=10, score_base=10.0, last_active_at=utcnow())
    db.session.commit()
    membership = db.session.scalar(select(Membership).where(Membership.user_id == analyst.id))
    return {
        "brand": brand,
        "ids": {
            "membership_id": membership.id,
            "invitation_id": invitation.id,
            "campaign_id": campaign.id,
            "fan_id": fan.id,
        },
        "fan": fan,
    }


def urls(app, slug: str, ids: dict, *, only_known: bool = False):
    """(rule, method, url) for every brand route, filled with the given ids.

    An id the shell does not know (a kind's question_id...) gets a placeholder: the brand
    and role checks come before any view runs, so they refuse it all the same. Kinds test
    the scoping of their own ids; with only_known, such routes are left out.
    """
    for rule in brand_rules(app):
        args = rule.arguments - {"brand_slug"}
        if only_known and args - set(ids):
            continue
        values = {arg: ids.get(arg, 1) for arg in args}
        with app.test_request_context():
            url = url_for(rule.endpoint, brand_slug=slug, **values)
        for method in sorted({"GET", "POST"} & rule.methods):
            yield rule, method, url


def test_every_console_route_hides_another_brand_from_a_member_of_a_different_one(kind_app, theirs):
    make_user("me@ours.test", brand=make_brand("ours", name="Our Brand"))
    client = make_client(kind_app)
    client.login("me@ours.test")
    token = client.csrf_token()
    walked = set()
    for rule, method, url in urls(kind_app, "zeta", theirs["ids"]):
        response = client.open(url, method=method, data={"csrf_token": token, **FORM})
        assert response.status_code in (403, 404), (method, url, response.status_code)
        body = response.get_data(as_text=True)
        for secret in THEIR_DATA:
            assert secret not in body, (method, url, secret)
        assert response.headers["Content-Security-Policy"] == FRAME
        walked.add(rule.endpoint)
    # The walk covers the shell's pages and a kind's pages; a new route joins it by itself.
    assert {
        "console_campaigns.index",
        "console_members.set_role",
        "console_settings.secret",
        "console_exports.download",
        "testkind_console.edit",
    } <= walked

    db.session.expire_all()
    brand = db.session.get(Brand, theirs["brand"].id)
    assert (brand.name, brand.embed_secret, brand.frame_origins) == (
        "Zeta Hidden Brand",
        SECRET,
        ["https://zeta-shop.example"],
    )
    assert db.session.get(Membership, theirs["ids"]["membership_id"]).role == "analyst"
    assert db.session.get(Invitation, theirs["ids"]["invitation_id"]) is not None
    assert (
        db.session.scalar(select(ConsentText.body).where(ConsentText.brand_id == brand.id))
        == "Zeta consent wording"
    )


def test_ids_of_another_brand_are_refused_inside_ones_own_brand(kind_app, theirs):
    """My brand in the URL, their ids in it: every id lookup is scoped to the brand too."""
    make_user("me@ours.test", brand=make_brand("ours", name="Our Brand"))
    client = make_client(kind_app)
    client.login("me@ours.test")
    token = client.csrf_token()
    for rule, method, url in urls(kind_app, "ours", theirs["ids"], only_known=True):
        if rule.arguments == {"brand_slug"}:
            continue  # no id in this route
        response = client.open(url, method=method, data={"csrf_token": token, **FORM})
        assert response.status_code == 404, (method, url, response.status_code)
        assert not any(secret in response.get_data(as_text=True) for secret in THEIR_DATA)
    assert db.session.get(Membership, theirs["ids"]["membership_id"]).role == "analyst"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_403_on_every_route_its_permissions_do_not_cover(kind_app, role):
    brand = make_brand("acme")
    make_user("owner@acme.test", brand=brand)
    add_member(brand, make_user(f"{role}-member@acme.test"), role)
    invitation, _ = member_services.invite(
        brand, make_user("x@acme.test"), "y@acme.test", "analyst"
    )
    ids = {
        "membership_id": db.session.scalar(select(Membership.id).where(Membership.role == "owner")),
        "invitation_id": invitation.id,
        "campaign_id": console_campaign(brand, "c").id,
    }
    db.session.commit()
    client = make_client(kind_app)
    client.login(f"{role}-member@acme.test")
    token = client.csrf_token()
    checked = 0
    for rule, method, url in urls(kind_app, "acme", ids):
        permission = kind_app.view_functions[rule.endpoint].console_permission
        if can(role, permission):
            continue
        response = client.open(url, method=method, data={"csrf_token": token, **FORM})
        assert response.status_code == 403, (role, method, url, response.status_code)
        checked += 1
    assert role == "owner" or checked


def test_every_brand_route_declares_the_permission_it_needs(kind_app):
    for rule in brand_rules(kind_app):
        assert hasattr(kind_app.view_functions[rule.endpoint], "console_permission"), rule.endpoint


def test_a_form_without_its_csrf_token_is_refused_with_a_clear_message(client):
    brand = make_brand("acme", name="Acme")
    make_user("boss@acme.test", brand=brand)
    anonymous = client.post("/console/login", data={"email": "boss@acme.test", "password": "x"})
    assert anonymous.status_code == 400
    text = anonymous.get_data(as_text=True)
    assert "Form refused" in text and "The CSRF token is missing." in text
    assert "reload the page" in text

    client.login("boss@acme.test")
    for url, data in [
        ("/console/acme/settings/", {"name": "Changed"}),
        ("/console/acme/settings/secret", {"confirm": "yes"}),
        ("/console/logout", {}),
    ]:
        assert client.post(url, data=data).status_code == 400
        forged = client.post(url, data={**data, "csrf_token": "forged"})
        assert forged.status_code == 400
        assert "The CSRF token is invalid." in forged.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Brand, brand.id).name == "Acme"
    assert db.session.get(Brand, brand.id).embed_secret is None
    assert client.get("/console/acme/").status_code == 200  # still signed in


def test_console_responses_refuse_framing(client):
    make_user("boss@acme.test", brand=make_brand("acme"))
    answers = [client.get("/console/login"), client.get("/console/acme/")]  # page, redirect
    answers.append(client.post("/console/login"))  # CSRF refusal
    client.login("boss@acme.test")
    answers += [
        client.get("/console/"),
        client.get("/console/acme/settings/"),
        client.get("/console/nope/"),
        client.get("/console/no/such/page"),
    ]
    for response in answers:
        assert response.headers["Content-Security-Policy"] == FRAME, response.request.path
        assert response.headers["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" not in client.get("/healthz").headers


def test_the_cross_brand_walk_on_postgresql(pg_app, pg_client):
    """The same isolation on PostgreSQL, for the shell's own routes."""
    theirs = make_brand("zeta", name="Zeta Hidden Brand", embed_secret=SECRET)
    owner = make_user("owner@zeta-hidden.test", brand=theirs)
    invitation, _ = member_services.invite(theirs, owner, "invitee@zeta-hidden.test", "analyst")
    campaign = make_campaign(theirs, "zeta-camp", title="Zeta Campaign Title")
    db.session.commit()
    ids = {
        "membership_id": db.session.scalar(
            select(Membership.id).where(Membership.user_id == owner.id)
        ),
        "invitation_id": invitation.id,
        "campaign_id": campaign.id,
    }
    make_user("me@ours.test", brand=make_brand("ours"))
    pg_client.login("me@ours.test")
    token = pg_client.csrf_token()
    for _rule, method, url in urls(pg_app, "zeta", ids):
        response = pg_client.open(url, method=method, data={"csrf_token": token, **FORM})
        assert response.status_code in (403, 404), (method, url)
        assert not any(secret in response.get_data(as_text=True) for secret in THEIR_DATA)
    db.session.expire_all()
    assert db.session.get(Brand, theirs.id).embed_secret == SECRET


def test_an_id_no_column_can_hold_is_not_found_on_every_route(app):
    """Every address with an id, the console's and the fans', asked as the brand's owner."""
    brand = make_brand("acme")
    make_user("owner@acme.test", brand=brand)
    make_campaign(brand, "spring")
    db.session.commit()
    client = make_client(app)
    client.login("owner@acme.test")
    token = client.csrf_token()
    huge = 10**20
    walked = 0
    for rule in app.url_map.iter_rules():
        ids = {arg for arg in rule.arguments if arg.endswith("_id")}
        if not ids:
            continue
        values = {"brand_slug": "acme", "campaign_slug": "spring"} | dict.fromkeys(ids, huge)
        # url_for would refuse the number; the address is what a hand-typed link would be.
        url = rule.rule
        for arg, value in values.items():
            url = url.replace(f"<{arg}>", str(value)).replace(f"<int:{arg}>", str(value))
        for method in sorted({"GET", "POST"} & rule.methods):
            response = client.open(url, method=method, data={"csrf_token": token})
            assert response.status_code == 404, (method, url, response.status_code)
            walked += 1
    assert walked > 40  # every route with an id; the three quiz kinds share one console
