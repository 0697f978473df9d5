"""media purposes are registered by kinds: the database checks only their shape

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 01:15:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

# Copied, not imported: a migration keeps meaning what it meant when written.
WELLFORMED = {
    "postgresql": "purpose ~ '^[a-z][a-z0-9_]{1,31}$'",
    "sqlite": (
        "length(purpose) BETWEEN 2 AND 32 AND purpose GLOB '[a-z]*' "
        "AND purpose NOT GLOB '*[^a-z0-9_]*'"
    ),
}
KNOWN = "purpose IN ('brand_logo', 'quiz_image', 'contest_photo', 'badge_image')"


def upgrade():
    with op.batch_alter_table("media_file", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_media_file_purpose_known"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_media_file_purpose_wellformed"), WELLFORMED[op.get_bind().dialect.name]
        )


def downgrade():
    with op.batch_alter_table("media_file", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_media_file_purpose_wellformed"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_media_file_purpose_known"), KNOWN)
