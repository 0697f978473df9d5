"""console: staff invitations

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 20:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('brand_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('accepted_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("role IN ('owner', 'manager', 'moderator', 'analyst')", name=op.f('ck_invitation_role_known')),
    sa.CheckConstraint('email = lower(email)', name=op.f('ck_invitation_email_lowercase')),
    sa.CheckConstraint('expires_at > created_at', name=op.f('ck_invitation_expires_after_creation')),
    sa.ForeignKeyConstraint(['brand_id'], ['brand.id'], name=op.f('fk_invitation_brand_id_brand'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user.id'], name=op.f('fk_invitation_invited_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['accepted_by_id'], ['user.id'], name=op.f('fk_invitation_accepted_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_invitation_token_hash'))
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_brand_id'), ['brand_id'], unique=False)
        batch_op.create_index('uq_invitation_pending_email', ['brand_id', 'email'], unique=True, sqlite_where=sa.text('accepted_at IS NULL'), postgresql_where=sa.text('accepted_at IS NULL'))


def downgrade():
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_index('uq_invitation_pending_email', sqlite_where=sa.text('accepted_at IS NULL'), postgresql_where=sa.text('accepted_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_invitation_brand_id'))

    op.drop_table('invitation')
