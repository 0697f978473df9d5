"""`superfan staff ...`: staff accounts for operators at a shell."""

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.cli_brand import brand_or_fail
from app.console.services import Invalid
from app.console.services import members as member_services
from app.extensions import db
from app.identity.staff_accounts import find_user, password_problem, set_password
from app.mail import valid_address
from app.models import ROLES, Membership, User

staff_cli = AppGroup("staff", help="Staff accounts of the brand console.")


@staff_cli.command("create")
@click.option("--email", required=True, help="The staff member's email; they sign in with it.")
@click.option("--brand", "slug", required=True, help="The slug of the brand they join.")
@click.option("--role", type=click.Choice(ROLES), default="owner", show_default=True)
@click.option(
    "--name", "display_name", default="", help="Display name (default: none; never the email)."
)
def create_command(email, slug, role, display_name):
    """Create a staff account (asks for its password) or give an existing one a brand role."""
    email = valid_address(email)
    if email is None:
        raise click.BadParameter("enter a valid email address", param_hint="--email")
    brand = brand_or_fail(slug)
    user = find_user(email)
    if user is None:
        # Not the email: a staff member who also plays would show it on public boards.
        user = User(email=email, display_name=display_name)
        db.session.add(user)
    if not user.password_hash:

        def check(password: str) -> str:
            problem = password_problem(password, email=email)
            if problem:
                raise click.BadParameter(problem)
            return password

        set_password(
            user,
            click.prompt("Password", hide_input=True, confirmation_prompt=True, value_proc=check),
        )
    db.session.flush()
    membership = db.session.scalar(
        select(Membership).where(Membership.brand_id == brand.id, Membership.user_id == user.id)
    )
    if membership is None:
        db.session.add(Membership(brand_id=brand.id, user_id=user.id, role=role))
    else:
        try:
            member_services.set_role(brand, membership.id, role)
        except Invalid as error:
            raise click.ClickException(" ".join(error.problems.values())) from None
    db.session.commit()
    click.echo(f"{email} is {role} of {brand.slug}; they sign in at /console/login.")
