"""analytics: raw analytics events, their hourly rollups, the visitor hash's daily salt

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06 05:35:00.000000

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

STEP_CHECKS = {
    "postgresql": "step ~ '^[a-z][a-z0-9_]{1,31}$'",
    "sqlite": "length(step) BETWEEN 2 AND 32 AND step NOT GLOB '*[^a-z0-9_]*'",
}
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade():
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table("brand") as batch:
        batch.add_column(
            sa.Column(
                "analytics_retention_days", sa.Integer(), nullable=False, server_default="395"
            )
        )
        batch.create_check_constraint(
            "analytics_retention_positive", "analytics_retention_days > 0"
        )
    op.create_table(
        "analytics_event",
        sa.Column("id", BIG_ID, primary_key=True),
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("step", sa.String(32), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hour", sa.DateTime(timezone=True), nullable=False),
        sa.Column("visitor", sa.String(32), nullable=False),
        sa.Column("fan_id", sa.Integer(), nullable=True),
        sa.Column("utm_source", sa.String(100), nullable=False),
        sa.Column("utm_medium", sa.String(100), nullable=False),
        sa.Column("utm_campaign", sa.String(100), nullable=False),
        sa.Column("referrer_host", sa.String(255), nullable=False),
        sa.Column("embed_origin", sa.String(255), nullable=False),
        sa.Column("share_code", sa.String(32), nullable=False),
        sa.Column("device", sa.String(8), nullable=False),
        sa.Column("browser", sa.String(40), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("excluded", sa.String(8), nullable=False),
        sa.ForeignKeyConstraint(
            ["brand_id"],
            ["brand.id"],
            name=op.f("fk_analytics_event_brand_id_brand"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_analytics_event_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["fan_id"],
            ["fan_profile.id"],
            name=op.f("fk_analytics_event_fan_id_fan_profile"),
            ondelete="SET NULL",
        ),
        sa.CheckConstraint(
            "device IN ('desktop', 'mobile', 'tablet', 'other')",
            name=op.f("ck_analytics_event_device_known"),
        ),
        sa.CheckConstraint(
            "excluded IN ('', 'staff', 'bench')", name=op.f("ck_analytics_event_excluded_known")
        ),
        sa.CheckConstraint("length(visitor) = 32", name=op.f("ck_analytics_event_visitor_hashed")),
        sa.CheckConstraint(STEP_CHECKS[dialect], name=op.f("ck_analytics_event_step_wellformed")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_event")),
    )
    op.create_index("ix_analytics_event_hour", "analytics_event", ["hour"])
    op.create_index("ix_analytics_event_brand_hour", "analytics_event", ["brand_id", "hour"])
    op.create_index("ix_analytics_event_visitor", "analytics_event", ["visitor", "id"])
    op.create_index("ix_analytics_event_fan_hour", "analytics_event", ["fan_id", "hour"])
    op.create_index("ix_analytics_event_campaign_id", "analytics_event", ["campaign_id"])

    op.create_table(
        "analytics_rollup",
        sa.Column("id", BIG_ID, primary_key=True),
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("hour", sa.DateTime(timezone=True), nullable=False),
        sa.Column("step", sa.String(32), nullable=False),
        sa.Column("source", sa.String(255), nullable=False),
        sa.Column("medium", sa.String(100), nullable=False),
        sa.Column("embed_origin", sa.String(255), nullable=False),
        sa.Column("device", sa.String(8), nullable=False),
        sa.Column("browser", sa.String(40), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("excluded", sa.String(8), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("visitors", sa.Integer(), nullable=False),
        sa.Column("day_visitors", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["brand_id"],
            ["brand.id"],
            name=op.f("fk_analytics_rollup_brand_id_brand"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_analytics_rollup_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.CheckConstraint(
            "excluded IN ('', 'staff', 'bench', 'fraud')",
            name=op.f("ck_analytics_rollup_excluded_known"),
        ),
        sa.CheckConstraint(
            "events >= visitors AND visitors >= 0 AND day_visitors >= 0",
            name=op.f("ck_analytics_rollup_counts_sane"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_rollup")),
    )
    op.create_index("ix_analytics_rollup_brand_hour", "analytics_rollup", ["brand_id", "hour"])
    op.create_index(
        "ix_analytics_rollup_campaign_hour", "analytics_rollup", ["campaign_id", "hour"]
    )
    op.create_index("ix_analytics_rollup_hour", "analytics_rollup", ["hour"])

    op.create_table(
        "analytics_salt",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("salt", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_analytics_salt")),
    )
    op.create_table(
        "analytics_watermark",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rolled_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decisions_seen", sa.Integer(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_analytics_watermark_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_watermark")),
    )


def downgrade():
    op.drop_table("analytics_watermark")
    op.drop_table("analytics_salt")
    op.drop_index("ix_analytics_rollup_hour", table_name="analytics_rollup")
    op.drop_index("ix_analytics_rollup_campaign_hour", table_name="analytics_rollup")
    op.drop_index("ix_analytics_rollup_brand_hour", table_name="analytics_rollup")
    op.drop_table("analytics_rollup")
    for name in ("campaign_id", "fan_hour", "visitor", "brand_hour", "hour"):
        op.drop_index(f"ix_analytics_event_{name}", table_name="analytics_event")
    op.drop_table("analytics_event")
    with op.batch_alter_table("brand") as batch:
        batch.drop_constraint(batch.f("ck_brand_analytics_retention_positive"), type_="check")
        batch.drop_column("analytics_retention_days")
