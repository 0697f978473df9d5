"""content languages: the brand's enabled languages; campaign and quiz content per language

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 05:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# Tables whose text a fan reads, each with its other languages beside it.
TRANSLATED = ("campaign", "quiz_question", "quiz_choice", "quiz_outcome")

# revision identifiers, used by Alembic.
revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("brand") as batch:
        batch.add_column(
            sa.Column("content_locales", sa.JSON(), nullable=False, server_default="[]")
        )
    for table in TRANSLATED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("translations", sa.JSON(), nullable=False, server_default="{}")
            )


def downgrade():
    for table in reversed(TRANSLATED):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("translations")
    with op.batch_alter_table("brand") as batch:
        batch.drop_column("content_locales")
