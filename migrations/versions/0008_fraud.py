"""fraud signals and moderator decisions on fans

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 23:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

SIGNAL_KINDS = ("disposable_email", "shared_ip", "shared_device", "vote_burst", "flagged_entry")
DECISIONS = ("flagged", "cleared")


def upgrade():
    with op.batch_alter_table("fan_profile", schema=None) as batch_op:
        batch_op.add_column(sa.Column("created_ip", sa.String(length=45), nullable=True))
        batch_op.add_column(sa.Column("device_id", sa.String(length=32), nullable=True))
        batch_op.create_index(
            "ix_fan_profile_brand_ip", ["brand_id", "created_ip", "joined_at"], unique=False
        )
        batch_op.create_index(
            "ix_fan_profile_brand_device", ["brand_id", "device_id", "joined_at"], unique=False
        )

    op.create_table(
        "fraud_signal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column("fan_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("ref", sa.String(length=120), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("weight", sa.Double(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cleared_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cleared_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(f"kind IN {SIGNAL_KINDS!r}", name=op.f("ck_fraud_signal_kind_known")),
        sa.CheckConstraint("weight > 0 AND weight <= 1", name=op.f("ck_fraud_signal_weight_range")),
        sa.CheckConstraint(
            "cleared_at IS NOT NULL OR cleared_by_id IS NULL",
            name=op.f("ck_fraud_signal_cleared_dated"),
        ),
        sa.ForeignKeyConstraint(
            ["brand_id"],
            ["brand.id"],
            name=op.f("fk_fraud_signal_brand_id_brand"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["fan_id"],
            ["fan_profile.id"],
            name=op.f("fk_fraud_signal_fan_id_fan_profile"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["cleared_by_id"],
            ["user.id"],
            name=op.f("fk_fraud_signal_cleared_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fraud_signal")),
        sa.UniqueConstraint("fan_id", "kind", "ref", name=op.f("uq_fraud_signal_fan_id_kind_ref")),
    )
    op.create_index(
        "ix_fraud_signal_brand_time", "fraud_signal", ["brand_id", "created_at"], unique=False
    )

    op.create_table(
        "fraud_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column("fan_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=320), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("risk", sa.Double(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"action IN {DECISIONS!r}", name=op.f("ck_fraud_decision_action_known")),
        sa.CheckConstraint("reason <> ''", name=op.f("ck_fraud_decision_reason_given")),
        sa.CheckConstraint("risk >= 0 AND risk <= 1", name=op.f("ck_fraud_decision_risk_range")),
        sa.ForeignKeyConstraint(
            ["brand_id"],
            ["brand.id"],
            name=op.f("fk_fraud_decision_brand_id_brand"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["fan_id"],
            ["fan_profile.id"],
            name=op.f("fk_fraud_decision_fan_id_fan_profile"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user.id"],
            name=op.f("fk_fraud_decision_decided_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fraud_decision")),
    )
    op.create_index(
        "ix_fraud_decision_brand_time", "fraud_decision", ["brand_id", "created_at"], unique=False
    )
    op.create_index(op.f("ix_fraud_decision_fan_id"), "fraud_decision", ["fan_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_fraud_decision_fan_id"), table_name="fraud_decision")
    op.drop_index("ix_fraud_decision_brand_time", table_name="fraud_decision")
    op.drop_table("fraud_decision")
    op.drop_index("ix_fraud_signal_brand_time", table_name="fraud_signal")
    op.drop_table("fraud_signal")
    with op.batch_alter_table("fan_profile", schema=None) as batch_op:
        batch_op.drop_index("ix_fan_profile_brand_device")
        batch_op.drop_index("ix_fan_profile_brand_ip")
        batch_op.drop_column("device_id")
        batch_op.drop_column("created_ip")
