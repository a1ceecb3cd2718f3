"""Delivery monitoring: commitments, delivery returns with their change history, and remedies.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

MONEY = sa.Numeric(16, 2)
QUANTITY = sa.Numeric(20, 4)


def upgrade() -> None:
    op.create_table(
        "commitments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("framework_id", sa.String(64), nullable=False),
        sa.Column("ref", sa.String(64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("unit", sa.String(32), nullable=False),
        sa.Column("aggregation", sa.String(16), nullable=False),
        sa.Column("target", QUANTITY, nullable=True),
        sa.Column("baseline", QUANTITY, nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("frequency", sa.String(16), nullable=False),
        sa.Column("region", sa.String(32), nullable=True),
        sa.Column("cohort", sa.Text(), nullable=False),
        sa.Column("bid_text", sa.Text(), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["contract_id"], ["contracts.id"],
                                name=op.f("fk_commitments_contract_id_contracts"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitments")),
    )
    op.create_index(op.f("ix_commitments_contract_id"), "commitments", ["contract_id"])
    op.create_table(
        "delivery_returns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("actual", QUANTITY, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("evidence_notes", sa.Text(), nullable=False),
        sa.Column("evidence_ref", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(200), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.Column("reviewed_by", sa.String(200), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("rejection_reason", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["commitment_id"], ["commitments.id"],
                                name=op.f("fk_delivery_returns_commitment_id_commitments"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivery_returns")),
        sa.UniqueConstraint("commitment_id", "period_start", name="uq_delivery_returns_period"),
    )
    op.create_index(op.f("ix_delivery_returns_commitment_id"), "delivery_returns", ["commitment_id"])
    op.create_table(
        "delivery_return_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("return_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by", sa.String(200), nullable=False),
        sa.Column("field", sa.String(64), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=False),
        sa.Column("new_value", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["return_id"], ["delivery_returns.id"],
                                name=op.f("fk_delivery_return_changes_return_id_delivery_returns"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivery_return_changes")),
    )
    op.create_index(op.f("ix_delivery_return_changes_return_id"), "delivery_return_changes", ["return_id"])
    op.create_table(
        "remedies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("amount", MONEY, nullable=True),
        sa.Column("raised_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["commitment_id"], ["commitments.id"],
                                name=op.f("fk_remedies_commitment_id_commitments"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remedies")),
    )
    op.create_index(op.f("ix_remedies_commitment_id"), "remedies", ["commitment_id"])


def downgrade() -> None:
    op.drop_table("remedies")
    op.drop_table("delivery_return_changes")
    op.drop_table("delivery_returns")
    op.drop_table("commitments")
