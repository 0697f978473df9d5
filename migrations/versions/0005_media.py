"""media files

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 20:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('media_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('brand_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=32), nullable=False),
    sa.Column('purpose', sa.String(length=32), nullable=False),
    sa.Column('content_type', sa.String(length=32), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('byte_size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('phash', sa.BigInteger(), nullable=False),
    sa.Column('renditions', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("purpose IN ('brand_logo', 'quiz_image', 'contest_photo', 'badge_image')", name=op.f('ck_media_file_purpose_known')),
    sa.CheckConstraint("content_type IN ('image/jpeg', 'image/png')", name=op.f('ck_media_file_content_type_known')),
    sa.CheckConstraint('length(key) = 32', name=op.f('ck_media_file_key_length')),
    sa.CheckConstraint('width > 0 AND height > 0', name=op.f('ck_media_file_dimensions_positive')),
    sa.CheckConstraint('byte_size > 0', name=op.f('ck_media_file_byte_size_positive')),
    sa.CheckConstraint('length(sha256) = 64', name=op.f('ck_media_file_sha256_length')),
    sa.ForeignKeyConstraint(['brand_id'], ['brand.id'], name=op.f('fk_media_file_brand_id_brand'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_media_file')),
    sa.UniqueConstraint('key', name=op.f('uq_media_file_key'))
    )
    with op.batch_alter_table('media_file', schema=None) as batch_op:
        batch_op.create_index('ix_media_file_brand_purpose', ['brand_id', 'purpose'], unique=False)


def downgrade():
    with op.batch_alter_table('media_file', schema=None) as batch_op:
        batch_op.drop_index('ix_media_file_brand_purpose')

    op.drop_table('media_file')
