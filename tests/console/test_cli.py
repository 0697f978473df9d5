"""`superfan staff create`: an operator makes the first staff account from a shell."""

from sqlalchemy import select

from app.extensions import db
from app.models import Membership, User
from tests.console.conftest import make_client
from tests.factories import make_brand

GOOD = "operator picked this\n"


def test_staff_create_asks_for_a_password_and_the_account_signs_in(app):
    make_brand("acme")
    db.session.commit()
    result = app.test_cli_runner().invoke(
        args=[
            "staff",
            "create",
            "--email",
            "Ops@Acme.test",
            "--brand",
            "acme",
            "--role",
            "manager",
        ],
        input="short\n" + GOOD + GOOD,
    )
    assert result.exit_code == 0, result.output
    assert "at least 10 characters" in result.output
    assert "ops@acme.test is manager of acme" in result.output
    client = make_client(app)
    client.login("ops@acme.test", GOOD.strip())
    assert client.get("/console/acme/").status_code == 200


def test_staff_create_gives_an_existing_account_another_brand(app):
    make_brand("acme")
    make_brand("beta")
    db.session.commit()
    runner = app.test_cli_runner()
    runner.invoke(
        args=["staff", "create", "--email", "o@x.test", "--brand", "acme"], input=GOOD * 2
    )
    result = runner.invoke(
        args=["staff", "create", "--email", "o@x.test", "--brand", "beta", "--role", "analyst"]
    )
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    user = db.session.scalar(select(User).where(User.email == "o@x.test"))
    roles = sorted(db.session.scalars(select(Membership.role).where(Membership.user_id == user.id)))
    assert roles == ["analyst", "owner"]


def test_staff_create_names_the_known_brands_when_the_slug_is_wrong(app):
    make_brand("acme")
    db.session.commit()
    result = app.test_cli_runner().invoke(
        args=["staff", "create", "--email", "o@x.test", "--brand", "nope"]
    )
    assert result.exit_code != 0
    assert "No brand with slug 'nope' (known brands: acme)" in result.output
