"""exports run as jobs: state, progress, row count, file, expiry, error

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 03:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

# Copied, not imported: a migration keeps meaning what it meant when written.
STATES = "state IN ('sent', 'queued', 'running', 'ready', 'failed', 'expired')"
READY_HAS_FILE = "state <> 'ready' OR (file_path IS NOT NULL AND expires_at IS NOT NULL)"


def upgrade():
    # Every export made before this revision was sent at once: "sent" fits them all.
    with op.batch_alter_table("export_log", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("state", sa.String(length=10), server_default="sent", nullable=False)
        )
        batch_op.add_column(sa.Column("rows_expected", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("file_path", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("download_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("error", sa.Text(), nullable=True))
        batch_op.create_check_constraint(batch_op.f("ck_export_log_state_known"), STATES)
        batch_op.create_check_constraint(batch_op.f("ck_export_log_ready_has_file"), READY_HAS_FILE)
        batch_op.create_index(
            batch_op.f("ix_export_log_state_expires_at"), ["state", "expires_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("export_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_export_log_state_expires_at"))
        batch_op.drop_constraint(batch_op.f("ck_export_log_ready_has_file"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_export_log_state_known"), type_="check")
        for column in (
            "error",
            "finished_at",
            "expires_at",
            "download_name",
            "file_path",
            "rows_expected",
            "state",
        ):
            batch_op.drop_column(column)
