"""superfan threshold: the engagement score from which a brand counts a fan as a super fan

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06 06:45:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("brand") as batch:
        batch.add_column(
            sa.Column("superfan_score", sa.Integer(), nullable=False, server_default="100")
        )
        batch.create_check_constraint("superfan_score_not_negative", "superfan_score >= 0")


def downgrade():
    with op.batch_alter_table("brand") as batch:
        batch.drop_constraint(batch.f("ck_brand_superfan_score_not_negative"), type_="check")
        batch.drop_column("superfan_score")
