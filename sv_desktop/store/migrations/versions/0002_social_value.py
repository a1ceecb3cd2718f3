"""Social value selections, per-contract weighting and word limit, and policy notes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contract_social_value",
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("weighting_percent", sa.Numeric(5, 2), nullable=True),
        sa.Column("word_limit", sa.Integer(), nullable=True),
        sa.Column("target_cohort", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["contract_id"], ["contracts.id"],
                                name=op.f("fk_contract_social_value_contract_id_contracts"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contract_id", name=op.f("pk_contract_social_value")),
    )
    op.create_table(
        "sv_selections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("framework_id", sa.String(64), nullable=False),
        sa.Column("ref", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("original_text", sa.Text(), nullable=False),
        sa.Column("refined_text", sa.Text(), nullable=True),
        sa.Column("weight_percent", sa.Numeric(5, 2), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["contract_id"], ["contracts.id"],
                                name=op.f("fk_sv_selections_contract_id_contracts"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sv_selections")),
        sa.UniqueConstraint("contract_id", "framework_id", "ref", name="uq_sv_selections_entry"),
    )
    op.create_index(op.f("ix_sv_selections_contract_id"), "sv_selections", ["contract_id"])
    op.create_table(
        "policy_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("subject", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["contract_id"], ["contracts.id"],
                                name=op.f("fk_policy_notes_contract_id_contracts"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_notes")),
        sa.UniqueConstraint("contract_id", "kind", "subject", name="uq_policy_notes_subject"),
    )
    op.create_index(op.f("ix_policy_notes_contract_id"), "policy_notes", ["contract_id"])


def downgrade() -> None:
    op.drop_table("policy_notes")
    op.drop_table("sv_selections")
    op.drop_table("contract_social_value")
