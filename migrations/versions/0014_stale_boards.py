"""brands whose Redis leaderboards must be rebuilt from the event log

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-24 18:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "stale_boards",
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("marks", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("version > 0", name=op.f("ck_stale_boards_version_positive")),
        sa.CheckConstraint("marks > 0", name=op.f("ck_stale_boards_marks_positive")),
        sa.ForeignKeyConstraint(
            ["brand_id"],
            ["brand.id"],
            name=op.f("fk_stale_boards_brand_id_brand"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("brand_id", name=op.f("pk_stale_boards")),
    )


def downgrade():
    op.drop_table("stale_boards")
