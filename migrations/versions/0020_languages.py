"""languages: the staff member's console language; the brand's language may win

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 03:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("locale", sa.String(length=8), nullable=True))
        batch.create_check_constraint(batch.f("ck_user_locale_supported"), "locale IN ('en', 'fr')")
    with op.batch_alter_table("brand") as batch:
        batch.add_column(
            sa.Column("locale_wins", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade():
    with op.batch_alter_table("brand") as batch:
        batch.drop_column("locale_wins")
    with op.batch_alter_table("user") as batch:
        batch.drop_constraint(batch.f("ck_user_locale_supported"), type_="check")
        batch.drop_column("locale")
