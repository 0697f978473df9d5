"""sweepstakes entries and verifiable draws

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23 23:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _campaign_fk(table: str):
    return sa.ForeignKeyConstraint(
        ["campaign_id"],
        ["campaign.id"],
        name=op.f(f"fk_{table}_campaign_id_campaign"),
        ondelete="CASCADE",
    )


def _user_fk(table: str, column: str):
    return sa.ForeignKeyConstraint(
        [column], ["user.id"], name=op.f(f"fk_{table}_{column}_user"), ondelete="SET NULL"
    )


def _draw_fk(table: str):
    return sa.ForeignKeyConstraint(
        ["draw_id"],
        ["sweepstakes_draw.id"],
        name=op.f(f"fk_{table}_draw_id_sweepstakes_draw"),
        ondelete="CASCADE",
    )


def upgrade():
    op.create_table(
        "sweepstakes_seal",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("rules_text", sa.Text(), nullable=False),
        sa.Column("rules_hash", sa.String(length=64), nullable=False),
        sa.Column("commitment", sa.String(length=64), nullable=False),
        sa.Column("sealed_seed", sa.Text(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "length(rules_hash) = 64", name=op.f("ck_sweepstakes_seal_rules_hash_sha256")
        ),
        sa.CheckConstraint(
            "length(commitment) = 64", name=op.f("ck_sweepstakes_seal_commitment_sha256")
        ),
        _campaign_fk("sweepstakes_seal"),
        sa.PrimaryKeyConstraint("campaign_id", name=op.f("pk_sweepstakes_seal")),
    )
    op.create_table(
        "sweepstakes_entrant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("fan_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("rules_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "length(country) = 2 AND country = upper(country)",
            name=op.f("ck_sweepstakes_entrant_country_code"),
        ),
        sa.CheckConstraint(
            "length(rules_hash) = 64", name=op.f("ck_sweepstakes_entrant_rules_hash_sha256")
        ),
        _campaign_fk("sweepstakes_entrant"),
        sa.ForeignKeyConstraint(
            ["fan_id"],
            ["fan_profile.id"],
            name=op.f("fk_sweepstakes_entrant_fan_id_fan_profile"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sweepstakes_entrant")),
        sa.UniqueConstraint(
            "campaign_id", "code", name=op.f("uq_sweepstakes_entrant_campaign_id_code")
        ),
        sa.UniqueConstraint(
            "campaign_id", "fan_id", name=op.f("uq_sweepstakes_entrant_campaign_id_fan_id")
        ),
    )
    op.create_index(
        op.f("ix_sweepstakes_entrant_fan_id"), "sweepstakes_entrant", ["fan_id"], unique=False
    )
    op.create_table(
        "sweepstakes_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entrant_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entrant_id"],
            ["sweepstakes_entrant.id"],
            name=op.f("fk_sweepstakes_entry_entrant_id_sweepstakes_entrant"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sweepstakes_entry")),
        sa.UniqueConstraint(
            "entrant_id", "period", name=op.f("uq_sweepstakes_entry_entrant_id_period")
        ),
    )
    op.create_table(
        "sweepstakes_draw",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("seed_hex", sa.String(length=64), nullable=False),
        sa.Column("list_text", sa.Text(), nullable=False),
        sa.Column("list_hash", sa.String(length=64), nullable=False),
        sa.Column("winners", sa.Integer(), nullable=False),
        sa.Column("alternates", sa.Integer(), nullable=False),
        sa.Column("drawn_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("drawn_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "length(seed_hex) = 64", name=op.f("ck_sweepstakes_draw_seed_hex_length")
        ),
        sa.CheckConstraint(
            "length(list_hash) = 64", name=op.f("ck_sweepstakes_draw_list_hash_sha256")
        ),
        sa.CheckConstraint(
            "winners >= 1 AND alternates >= 0", name=op.f("ck_sweepstakes_draw_counts_positive")
        ),
        _campaign_fk("sweepstakes_draw"),
        _user_fk("sweepstakes_draw", "drawn_by_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sweepstakes_draw")),
        sa.UniqueConstraint("campaign_id", name=op.f("uq_sweepstakes_draw_campaign_id")),
    )
    op.create_table(
        "sweepstakes_pick",
        sa.Column("draw_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("entrant_code", sa.String(length=16), nullable=False),
        sa.CheckConstraint("position >= 1", name=op.f("ck_sweepstakes_pick_position_positive")),
        _draw_fk("sweepstakes_pick"),
        sa.PrimaryKeyConstraint("draw_id", "position", name=op.f("pk_sweepstakes_pick")),
        sa.UniqueConstraint(
            "draw_id", "entrant_code", name=op.f("uq_sweepstakes_pick_draw_id_entrant_code")
        ),
    )
    op.create_table(
        "sweepstakes_redraw",
        sa.Column("draw_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("entrant_code", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("number >= 1", name=op.f("ck_sweepstakes_redraw_number_positive")),
        sa.CheckConstraint("reason <> ''", name=op.f("ck_sweepstakes_redraw_reason_given")),
        _draw_fk("sweepstakes_redraw"),
        _user_fk("sweepstakes_redraw", "created_by_id"),
        sa.PrimaryKeyConstraint("draw_id", "number", name=op.f("pk_sweepstakes_redraw")),
        sa.UniqueConstraint(
            "draw_id", "entrant_code", name=op.f("uq_sweepstakes_redraw_draw_id_entrant_code")
        ),
    )


def downgrade():
    op.drop_table("sweepstakes_redraw")
    op.drop_table("sweepstakes_pick")
    op.drop_table("sweepstakes_draw")
    op.drop_table("sweepstakes_entry")
    op.drop_index(op.f("ix_sweepstakes_entrant_fan_id"), table_name="sweepstakes_entrant")
    op.drop_table("sweepstakes_entrant")
    op.drop_table("sweepstakes_seal")
