"""export datasets: which list an export holds (super fans, winners, answers, results)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 05:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

# Copied, not imported: a migration keeps meaning what it meant when written.
WELLFORMED = {
    "postgresql": "dataset ~ '^[a-z][a-z0-9_]{1,31}$'",
    "sqlite": (
        "length(dataset) BETWEEN 2 AND 32 AND dataset GLOB '[a-z]*' "
        "AND dataset NOT GLOB '*[^a-z0-9_]*'"
    ),
}


def upgrade():
    # Every export made before this revision was a super-fan export.
    with op.batch_alter_table("export_log", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("dataset", sa.String(length=32), server_default="superfans", nullable=False)
        )
        batch_op.add_column(sa.Column("campaign_id", sa.Integer(), nullable=True))
        # SET NULL: the log of who exported what outlives the campaign.
        batch_op.create_foreign_key(
            batch_op.f("fk_export_log_campaign_id_campaign"),
            "campaign",
            ["campaign_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(
            batch_op.f("ix_export_log_campaign_id"), ["campaign_id"], unique=False
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_export_log_dataset_wellformed"), WELLFORMED[op.get_bind().dialect.name]
        )


def downgrade():
    with op.batch_alter_table("export_log", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_export_log_dataset_wellformed"), type_="check")
        batch_op.drop_index(batch_op.f("ix_export_log_campaign_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_export_log_campaign_id_campaign"), type_="foreignkey"
        )
        batch_op.drop_column("campaign_id")
        batch_op.drop_column("dataset")
