"""one guest per browser; guest votes provisional, with their device and network keys

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-24 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

GUEST_KEYS = (
    "(provisional AND device_id IS NOT NULL AND network_key IS NOT NULL)"
    " OR (NOT provisional AND device_id IS NULL AND network_key IS NULL)"
)


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("guest_key", sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_user_guest_key"), ["guest_key"])

    # Every vote cast so far was counted: they stay confirmed.
    with op.batch_alter_table("photo_vote", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("provisional", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("device_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("network_key", sa.String(length=32), nullable=True))
        batch_op.create_check_constraint(
            batch_op.f("ck_photo_vote_guest_keys_while_provisional"), GUEST_KEYS
        )
        batch_op.create_index(
            "ix_photo_vote_guest_device", ["entry_id", "period", "device_id"], unique=False
        )
        batch_op.create_index(
            "ix_photo_vote_guest_network", ["entry_id", "period", "network_key"], unique=False
        )
    with op.batch_alter_table("photo_vote", schema=None) as batch_op:
        batch_op.alter_column("provisional", server_default=None)


def downgrade():
    with op.batch_alter_table("photo_vote", schema=None) as batch_op:
        batch_op.drop_index("ix_photo_vote_guest_network")
        batch_op.drop_index("ix_photo_vote_guest_device")
        batch_op.drop_constraint(
            batch_op.f("ck_photo_vote_guest_keys_while_provisional"), type_="check"
        )
        batch_op.drop_column("network_key")
        batch_op.drop_column("device_id")
        batch_op.drop_column("provisional")

    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_user_guest_key"), type_="unique")
        batch_op.drop_column("guest_key")
