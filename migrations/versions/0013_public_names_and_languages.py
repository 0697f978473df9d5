"""pseudonyms instead of names taken from emails; consent texts and sweepstakes rules per language

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-24 12:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# A pure word list with no app dependencies; the names it writes here are stored, so a later
# change of the list does not change them.
from app.identity.pseudonyms import pseudonym

# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

BATCH = 1000

user = sa.table(
    "user",
    sa.column("id", sa.Integer),
    sa.column("email", sa.String),
    sa.column("display_name", sa.String),
)
fan_profile = sa.table("fan_profile", sa.column("id"), sa.column("user_id"), sa.column("brand_id"))
brand = sa.table("brand", sa.column("id"), sa.column("locale"))


def upgrade():
    op.add_column(
        "consent_text",
        sa.Column("translations", sa.JSON(), nullable=False, server_default=sa.text("'{}'")),
    )
    op.add_column(
        "sweepstakes_seal",
        sa.Column("rules_locale", sa.String(length=8), nullable=False, server_default="en"),
    )
    op.add_column(
        "sweepstakes_seal",
        sa.Column("rules_translations", sa.JSON(), nullable=False, server_default=sa.text("'{}'")),
    )
    backfill_public_names()


def _derived_from_email(email: str | None, name: str) -> bool:
    if not email:
        return False
    return name in (email, email.split("@")[0][:120])


def _needs_pseudonym(email: str | None, name: str | None) -> bool:
    """No name, the guests' old "Guest", or a name that was made from the email address."""
    name = name or ""
    return (
        not name.strip() or (email is None and name == "Guest") or _derived_from_email(email, name)
    )


def backfill_public_names():
    """Give a pseudonym, in the language of the user's first brand, to each user who needs one.

    Each user's pseudonym follows from their id, so running this again gives the same names.
    """
    connection = op.get_bind()
    first_locale = (
        sa.select(brand.c.locale)
        .select_from(fan_profile.join(brand, brand.c.id == fan_profile.c.brand_id))
        .where(fan_profile.c.user_id == user.c.id)
        .order_by(fan_profile.c.id)
        .limit(1)
        .scalar_subquery()
    )
    last = 0
    while True:
        rows = connection.execute(
            sa.select(user.c.id, user.c.email, user.c.display_name, first_locale)
            .where(user.c.id > last)
            .order_by(user.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        last = rows[-1][0]
        for user_id, email, name, locale in rows:
            if _needs_pseudonym(email, name):
                connection.execute(
                    user.update()
                    .where(user.c.id == user_id)
                    .values(display_name=pseudonym(locale or "en", seed=user_id))
                )


def downgrade():
    # The names given stay: the email-derived ones must not come back.
    op.drop_column("sweepstakes_seal", "rules_translations")
    op.drop_column("sweepstakes_seal", "rules_locale")
    op.drop_column("consent_text", "translations")
