"""fan identity: one-time login tokens and used brand-token ids

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('fan_login_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=16), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('brand_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("purpose IN ('handoff', 'email')", name=op.f('ck_fan_login_token_purpose_known')),
    sa.CheckConstraint('user_id IS NOT NULL OR email IS NOT NULL', name=op.f('ck_fan_login_token_names_someone')),
    sa.CheckConstraint('email = lower(email)', name=op.f('ck_fan_login_token_email_lowercase')),
    sa.ForeignKeyConstraint(['brand_id'], ['brand.id'], name=op.f('fk_fan_login_token_brand_id_brand'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_fan_login_token_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fan_login_token')),
    sa.UniqueConstraint('secret_hash', name=op.f('uq_fan_login_token_secret_hash'))
    )
    with op.batch_alter_table('fan_login_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fan_login_token_brand_id'), ['brand_id'], unique=False)
        batch_op.create_index('ix_fan_login_token_expiry', ['expires_at'], unique=False)

    op.create_table('brand_token_use',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('brand_id', sa.Integer(), nullable=False),
    sa.Column('jti', sa.String(length=200), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['brand_id'], ['brand.id'], name=op.f('fk_brand_token_use_brand_id_brand'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_brand_token_use')),
    sa.UniqueConstraint('brand_id', 'jti', name=op.f('uq_brand_token_use_brand_id_jti'))
    )


def downgrade():
    op.drop_table('brand_token_use')
    with op.batch_alter_table('fan_login_token', schema=None) as batch_op:
        batch_op.drop_index('ix_fan_login_token_expiry')
        batch_op.drop_index(batch_op.f('ix_fan_login_token_brand_id'))
    op.drop_table('fan_login_token')
