"""photo contests: jury scores, jurors' declared households, winners

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 23:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "photo_juror",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_photo_juror_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_photo_juror_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photo_juror")),
        sa.UniqueConstraint(
            "campaign_id", "user_id", name=op.f("uq_photo_juror_campaign_id_user_id")
        ),
        sa.UniqueConstraint("id", "campaign_id", name=op.f("uq_photo_juror_id_campaign_id")),
    )
    op.create_index("ix_photo_juror_user", "photo_juror", ["user_id"], unique=False)
    op.create_table(
        "photo_juror_household",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("juror_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "email = lower(email) AND email LIKE '%_@_%'",
            name=op.f("ck_photo_juror_household_email_normalised"),
        ),
        sa.ForeignKeyConstraint(
            ["juror_id"],
            ["photo_juror.id"],
            name=op.f("fk_photo_juror_household_juror_id_photo_juror"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photo_juror_household")),
        sa.UniqueConstraint(
            "juror_id", "email", name=op.f("uq_photo_juror_household_juror_id_email")
        ),
    )
    op.create_table(
        "photo_jury_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("juror_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("scored_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name=op.f("ck_photo_jury_score_score_range")),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_photo_jury_score_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id", "campaign_id"],
            ["photo_entry.id", "photo_entry.campaign_id"],
            name=op.f("fk_photo_jury_score_entry_id_photo_entry"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["juror_id", "campaign_id"],
            ["photo_juror.id", "photo_juror.campaign_id"],
            name=op.f("fk_photo_jury_score_juror_id_photo_juror"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photo_jury_score")),
        sa.UniqueConstraint(
            "juror_id", "entry_id", name=op.f("uq_photo_jury_score_juror_id_entry_id")
        ),
    )
    op.create_index("ix_photo_jury_score_entry", "photo_jury_score", ["entry_id"], unique=False)
    op.create_table(
        "photo_winner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("score", sa.String(length=32), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "method IN ('votes', 'jury', 'blend')", name=op.f("ck_photo_winner_method_known")
        ),
        sa.CheckConstraint("rank >= 1", name=op.f("ck_photo_winner_rank_positive")),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_photo_winner_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id", "campaign_id"],
            ["photo_entry.id", "photo_entry.campaign_id"],
            name=op.f("fk_photo_winner_entry_id_photo_entry"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["user.id"],
            name=op.f("fk_photo_winner_published_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photo_winner")),
        sa.UniqueConstraint(
            "campaign_id", "entry_id", name=op.f("uq_photo_winner_campaign_id_entry_id")
        ),
        sa.UniqueConstraint("campaign_id", "rank", name=op.f("uq_photo_winner_campaign_id_rank")),
    )


def downgrade():
    op.drop_table("photo_winner")
    op.drop_index("ix_photo_jury_score_entry", table_name="photo_jury_score")
    op.drop_table("photo_jury_score")
    op.drop_table("photo_juror_household")
    op.drop_index("ix_photo_juror_user", table_name="photo_juror")
    op.drop_table("photo_juror")
