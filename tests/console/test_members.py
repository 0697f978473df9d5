"""Members and roles: invitations by email, accepting them, changing roles, always an owner."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Invitation, Membership, User, utcnow
from tests.console.conftest import (
    PASSWORD,
    add_member,
    last_email,
    link_in,
    make_client,
    make_user,
)
from tests.factories import make_brand, make_fan

NEW_PASSWORD = "welcome aboard friend"


def role_of(brand, email: str) -> str | None:
    db.session.expire_all()
    return db.session.scalar(
        select(Membership.role)
        .join(User, User.id == Membership.user_id)
        .where(Membership.brand_id == brand.id, User.email == email)
    )


def membership_id(brand, email: str) -> int:
    return db.session.scalar(
        select(Membership.id)
        .join(User, User.id == Membership.user_id)
        .where(Membership.brand_id == brand.id, User.email == email)
    )


def invite(client, app, email: str, role: str) -> str:
    response = client.submit("/console/acme/members/invite", {"email": email, "role": role})
    assert response.status_code == 302, response.get_data(as_text=True)
    message = last_email(app, email.lower())
    assert "Acme" in message["Subject"]
    return link_in(message)


def test_a_new_person_accepts_by_creating_an_account(app, owner_client, brand):
    link = invite(owner_client, app, "New.Person@Acme.test", "analyst")
    assert link.startswith("/console/invitations/")
    page = owner_client.get("/console/acme/members/").get_data(as_text=True)
    assert "new.person@acme.test" in page  # listed as waiting

    newcomer = make_client(app)
    assert "Create your staff account" in newcomer.get(link).get_data(as_text=True)
    accepted = newcomer.submit(
        link, {"display_name": "New Person", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert accepted.status_code == 302
    assert accepted.headers["Location"] == "/console/acme/"
    assert role_of(brand, "new.person@acme.test") == "analyst"
    assert newcomer.get("/console/acme/").status_code == 200

    # The link works once, and the account signs in with its password from now on.
    reused = make_client(app).get(link)
    assert reused.status_code == 404
    assert "already been accepted" in reused.get_data(as_text=True)
    make_client(app).login("new.person@acme.test", NEW_PASSWORD)


def test_an_existing_staff_member_signs_in_then_accepts(app, owner_client, brand):
    make_user("pat@other.test", brand=make_brand("other"))
    link = invite(owner_client, app, "pat@other.test", "manager")
    pat = make_client(app)
    page = pat.get(link).get_data(as_text=True)
    assert "Sign in to accept" in page
    # No way to set a new password on someone else's account through the invitation.
    refused = pat.submit(
        link, {"display_name": "Pat", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert refused.status_code == 422
    pat.login("pat@other.test")
    assert pat.submit(link).status_code == 302
    assert role_of(brand, "pat@other.test") == "manager"


def test_a_fan_with_the_invited_address_becomes_staff_too(app, owner_client, brand):
    fan = make_fan(brand, email="fan@acme.test")
    db.session.commit()
    link = invite(owner_client, app, "fan@acme.test", "moderator")
    response = make_client(app).submit(
        link, {"display_name": "Fan", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert role_of(brand, "fan@acme.test") == "moderator"
    assert db.session.scalar(select(User.id).where(User.email == "fan@acme.test")) == fan.user_id


def test_someone_signed_in_as_another_person_cannot_accept(app, owner_client, brand):
    link = invite(owner_client, app, "invited@acme.test", "analyst")
    make_user("intruder@acme.test")
    intruder = make_client(app)
    intruder.login("intruder@acme.test")
    assert "Sign out, then open the link again" in intruder.get(link).get_data(as_text=True)
    response = intruder.submit(link)
    assert response.status_code == 422
    assert role_of(brand, "intruder@acme.test") is None
    assert role_of(brand, "invited@acme.test") is None


def test_an_expired_invitation_says_so(app, owner_client, brand):
    link = invite(owner_client, app, "late@acme.test", "analyst")
    invitation = db.session.scalar(select(Invitation).where(Invitation.email == "late@acme.test"))
    invitation.created_at = utcnow() - timedelta(days=8)
    invitation.expires_at = utcnow() - timedelta(days=1)
    db.session.commit()
    response = make_client(app).get(link)
    assert response.status_code == 404
    assert "expired" in response.get_data(as_text=True)


def test_inviting_again_replaces_the_first_link(app, owner_client, brand):
    first = invite(owner_client, app, "twice@acme.test", "analyst")
    second = invite(owner_client, app, "twice@acme.test", "manager")
    assert make_client(app).get(first).status_code == 404
    assert "as Manager" in make_client(app).get(second).get_data(as_text=True)


def test_invitation_input_is_checked(owner_client, brand):
    bad_email = owner_client.submit(
        "/console/acme/members/invite", {"email": "not-an-email", "role": "analyst"}
    )
    assert bad_email.status_code == 422
    assert "valid email address" in bad_email.get_data(as_text=True)
    bad_role = owner_client.submit(
        "/console/acme/members/invite", {"email": "a@acme.test", "role": "king"}
    )
    assert bad_role.status_code == 422
    member = owner_client.submit(
        "/console/acme/members/invite", {"email": "boss@acme.test", "role": "analyst"}
    )
    assert member.status_code == 422
    assert "already a member" in member.get_data(as_text=True)


def test_an_owner_changes_and_removes_roles(owner_client, brand):
    make_user("ann@acme.test", brand=brand, role="analyst")
    ann = membership_id(brand, "ann@acme.test")
    response = owner_client.submit(f"/console/acme/members/{ann}/role", {"role": "manager"})
    assert response.status_code == 302
    assert role_of(brand, "ann@acme.test") == "manager"
    assert owner_client.submit(f"/console/acme/members/{ann}/remove").status_code == 302
    assert role_of(brand, "ann@acme.test") is None


def test_the_last_owner_can_be_neither_demoted_nor_removed(owner_client, brand):
    boss = membership_id(brand, "boss@acme.test")
    demote = owner_client.submit(f"/console/acme/members/{boss}/role", {"role": "analyst"})
    assert demote.status_code == 422
    assert "A brand needs an owner" in demote.get_data(as_text=True)
    remove = owner_client.submit(f"/console/acme/members/{boss}/remove")
    assert remove.status_code == 422
    assert role_of(brand, "boss@acme.test") == "owner"

    make_user("second@acme.test", brand=brand, role="owner")
    assert (
        owner_client.submit(f"/console/acme/members/{boss}/role", {"role": "analyst"}).status_code
        == 302
    )
    assert role_of(brand, "boss@acme.test") == "analyst"
    # Now an analyst, the former owner can no longer manage members.
    assert owner_client.get("/console/acme/members/").status_code == 403


def test_a_withdrawn_invitation_no_longer_works(app, owner_client, brand):
    link = invite(owner_client, app, "maybe@acme.test", "analyst")
    invitation_id = db.session.scalar(
        select(Invitation.id).where(Invitation.email == "maybe@acme.test")
    )
    assert (
        owner_client.submit(f"/console/acme/members/invitations/{invitation_id}/revoke").status_code
        == 302
    )
    assert make_client(app).get(link).status_code == 404


@pytest.mark.parametrize("role", ["manager", "moderator", "analyst"])
def test_only_owners_manage_members(app, client, brand, role):
    user = make_user(f"{role}@acme.test")
    add_member(brand, user, role)
    client.login(user.email)
    assert client.get("/console/acme/members/").status_code == 403
    boss = membership_id(brand, "boss@acme.test")
    response = client.submit(f"/console/acme/members/{boss}/remove")
    assert response.status_code == 403
    invite_response = client.submit(
        "/console/acme/members/invite", {"email": "x@acme.test", "role": "owner"}
    )
    assert invite_response.status_code == 403
    assert role_of(brand, "boss@acme.test") == "owner"


def test_the_last_owner_rule_holds_on_postgresql(pg_app, pg_client):
    brand = make_brand("acme")
    make_user("boss@acme.test", brand=brand)
    pg_client.login("boss@acme.test", PASSWORD)
    boss = membership_id(brand, "boss@acme.test")
    response = pg_client.submit(f"/console/acme/members/{boss}/remove")
    assert response.status_code == 422
    assert role_of(brand, "boss@acme.test") == "owner"
