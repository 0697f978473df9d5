"""photo contests: entries, reports, moderation decisions, watched words

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 23:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "watched_word",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column("word", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "action IN ('block', 'mask', 'hold', 'flag')", name=op.f("ck_watched_word_action_known")
        ),
        sa.CheckConstraint(
            "word <> '' AND word = lower(word)", name=op.f("ck_watched_word_word_lowercase")
        ),
        sa.ForeignKeyConstraint(
            ["brand_id"],
            ["brand.id"],
            name=op.f("fk_watched_word_brand_id_brand"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watched_word")),
        sa.UniqueConstraint("brand_id", "word", name=op.f("uq_watched_word_brand_id_word")),
    )
    op.create_table(
        "photo_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("fan_id", sa.Integer(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("caption", sa.Text(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decision_reason", sa.Text(), nullable=False),
        sa.Column("near_duplicate_of_id", sa.Integer(), nullable=True),
        sa.Column("flagged", sa.Boolean(), nullable=False),
        sa.Column("vote_count", sa.Integer(), nullable=False),
        sa.Column("report_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'rejected', 'disqualified')",
            name=op.f("ck_photo_entry_status_known"),
        ),
        sa.CheckConstraint("report_count >= 0", name=op.f("ck_photo_entry_report_count_positive")),
        sa.CheckConstraint("vote_count >= 0", name=op.f("ck_photo_entry_vote_count_positive")),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_photo_entry_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["fan_id"],
            ["fan_profile.id"],
            name=op.f("fk_photo_entry_fan_id_fan_profile"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["media_id"],
            ["media_file.id"],
            name=op.f("fk_photo_entry_media_id_media_file"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["near_duplicate_of_id"],
            ["photo_entry.id"],
            name=op.f("fk_photo_entry_near_duplicate_of_id_photo_entry"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photo_entry")),
        sa.UniqueConstraint("id", "campaign_id", name=op.f("uq_photo_entry_id_campaign_id")),
    )
    op.create_index("ix_photo_entry_fan", "photo_entry", ["fan_id"], unique=False)
    op.create_index(
        "ix_photo_entry_gallery_newest",
        "photo_entry",
        ["campaign_id", "status", "created_at"],
        unique=False,
    )
    op.create_index(
        "ix_photo_entry_gallery_votes",
        "photo_entry",
        ["campaign_id", "status", "vote_count"],
        unique=False,
    )
    op.create_table(
        "photo_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "action IN ('approve', 'reject', 'disqualify', 'hold', 'flag', 'report')",
            name=op.f("ck_photo_decision_action_known"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["user.id"],
            name=op.f("fk_photo_decision_actor_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["photo_entry.id"],
            name=op.f("fk_photo_decision_entry_id_photo_entry"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photo_decision")),
    )
    op.create_index(
        "ix_photo_decision_entry", "photo_decision", ["entry_id", "created_at"], unique=False
    )
    op.create_table(
        "photo_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("fan_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["photo_entry.id"],
            name=op.f("fk_photo_report_entry_id_photo_entry"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["fan_id"],
            ["fan_profile.id"],
            name=op.f("fk_photo_report_fan_id_fan_profile"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photo_report")),
        sa.UniqueConstraint("entry_id", "fan_id", name=op.f("uq_photo_report_entry_id_fan_id")),
    )
    op.create_table(
        "photo_vote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("fan_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("period <> ''", name=op.f("ck_photo_vote_period_known")),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_photo_vote_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id", "campaign_id"],
            ["photo_entry.id", "photo_entry.campaign_id"],
            name=op.f("fk_photo_vote_entry_id_photo_entry"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["fan_id"],
            ["fan_profile.id"],
            name=op.f("fk_photo_vote_fan_id_fan_profile"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photo_vote")),
        sa.UniqueConstraint(
            "entry_id", "fan_id", "period", name=op.f("uq_photo_vote_entry_id_fan_id_period")
        ),
    )
    op.create_index(
        "ix_photo_vote_fan_day", "photo_vote", ["campaign_id", "fan_id", "day"], unique=False
    )


def downgrade():
    op.drop_index("ix_photo_vote_fan_day", table_name="photo_vote")
    op.drop_table("photo_vote")
    op.drop_table("photo_report")
    op.drop_index("ix_photo_decision_entry", table_name="photo_decision")
    op.drop_table("photo_decision")
    op.drop_index("ix_photo_entry_gallery_votes", table_name="photo_entry")
    op.drop_index("ix_photo_entry_gallery_newest", table_name="photo_entry")
    op.drop_index("ix_photo_entry_fan", table_name="photo_entry")
    op.drop_table("photo_entry")
    op.drop_table("watched_word")
