"""winners: contact details, claim and fulfilment

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 03:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

# Copied, not imported: a migration keeps meaning what it meant when written.
STATUSES = "status IN ('pending', 'contacted', 'claimed', 'shipped', 'forfeited')"


def upgrade():
    op.create_table(
        "winner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("fan_id", sa.Integer(), nullable=True),
        sa.Column("ref", sa.String(length=64), nullable=False),
        sa.Column("public_code", sa.String(length=64), nullable=False),
        sa.Column("prize", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("claim_deadline", sa.DateTime(timezone=True), nullable=True),
        sa.Column("contact", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(STATUSES, name=op.f("ck_winner_status_known")),
        sa.ForeignKeyConstraint(
            ["brand_id"], ["brand.id"], name=op.f("fk_winner_brand_id_brand"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_winner_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["fan_id"],
            ["fan_profile.id"],
            name=op.f("fk_winner_fan_id_fan_profile"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_winner")),
        sa.UniqueConstraint("campaign_id", "ref", name=op.f("uq_winner_campaign_id_ref")),
    )
    op.create_index("ix_winner_brand_campaign", "winner", ["brand_id", "campaign_id"])


def downgrade():
    op.drop_index("ix_winner_brand_campaign", table_name="winner")
    op.drop_table("winner")
