"""staff access log: which staff member looked at which fan's personal data

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 03:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

ACCESS_KINDS = "what IN ('profile', 'email', 'export', 'contact')"


def upgrade():
    op.create_table(
        "staff_access",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column("fan_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=320), nullable=False),
        sa.Column("what", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(ACCESS_KINDS, name=op.f("ck_staff_access_what_known")),
        sa.ForeignKeyConstraint(
            ["brand_id"],
            ["brand.id"],
            name=op.f("fk_staff_access_brand_id_brand"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["fan_id"],
            ["fan_profile.id"],
            name=op.f("fk_staff_access_fan_id_fan_profile"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_staff_access_user_id_user"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_access")),
    )
    op.create_index("ix_staff_access_brand_time", "staff_access", ["brand_id", "created_at"])
    op.create_index("ix_staff_access_fan_time", "staff_access", ["fan_id", "created_at"])
    op.create_table(
        "email_grant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["brand_id"],
            ["brand.id"],
            name=op.f("fk_email_grant_brand_id_brand"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_email_grant_user_id_user"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["granted_by_id"],
            ["user.id"],
            name=op.f("fk_email_grant_granted_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_grant")),
        sa.UniqueConstraint("brand_id", "user_id", name=op.f("uq_email_grant_brand_id_user_id")),
    )


def downgrade():
    op.drop_table("email_grant")
    op.drop_index("ix_staff_access_fan_time", table_name="staff_access")
    op.drop_index("ix_staff_access_brand_time", table_name="staff_access")
    op.drop_table("staff_access")
