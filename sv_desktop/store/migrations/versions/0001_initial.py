"""The first schema: store marker, settings, suppliers, contracts, their links and stage history.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

MONEY = sa.Numeric(16, 2)


def upgrade() -> None:
    store_info = op.create_table(
        "sv_store_info",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sv_store_info")),
    )
    op.bulk_insert(store_info, [{"key": "application", "value": "sv-desktop"}])
    op.create_table(
        "settings",
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "suppliers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_key", sa.String(200), nullable=False),
        sa.Column("companies_house_number", sa.String(8), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suppliers")),
    )
    op.create_index(op.f("ix_suppliers_name_key"), "suppliers", ["name_key"])
    op.create_table(
        "contracts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(64), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("total_value", MONEY, nullable=True),
        sa.Column("annual_value", MONEY, nullable=True),
        sa.Column("vat_basis", sa.String(16), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("extension_options", sa.String(200), nullable=False),
        sa.Column("extension_months", sa.Integer(), nullable=False),
        sa.Column("notice_period_months", sa.Integer(), nullable=False),
        sa.Column("regime", sa.String(32), nullable=True),
        sa.Column("route", sa.String(32), nullable=True),
        sa.Column("procurement_lead", sa.String(200), nullable=False),
        sa.Column("contract_manager", sa.String(200), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("parent_kind", sa.String(16), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["contracts.id"], name=op.f("fk_contracts_parent_id_contracts"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contracts")),
        sa.UniqueConstraint("reference", name=op.f("uq_contracts_reference")),
    )
    op.create_index(op.f("ix_contracts_category"), "contracts", ["category"])
    op.create_index(op.f("ix_contracts_stage"), "contracts", ["stage"])
    op.create_index(op.f("ix_contracts_end_date"), "contracts", ["end_date"])
    op.create_index(op.f("ix_contracts_parent_id"), "contracts", ["parent_id"])
    op.create_table(
        "contract_suppliers",
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contracts.id"], name=op.f("fk_contract_suppliers_contract_id_contracts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"], ["suppliers.id"], name=op.f("fk_contract_suppliers_supplier_id_suppliers"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("contract_id", "supplier_id", name=op.f("pk_contract_suppliers")),
    )
    op.create_index("ix_contract_suppliers_supplier", "contract_suppliers", ["supplier_id"])
    op.create_table(
        "stage_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("from_stage", sa.String(32), nullable=True),
        sa.Column("to_stage", sa.String(32), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contracts.id"], name=op.f("fk_stage_changes_contract_id_contracts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stage_changes")),
    )
    op.create_index(op.f("ix_stage_changes_contract_id"), "stage_changes", ["contract_id"])


def downgrade() -> None:
    op.drop_table("stage_changes")
    op.drop_table("contract_suppliers")
    op.drop_table("contracts")
    op.drop_table("suppliers")
    op.drop_table("settings")
    op.drop_table("sv_store_info")
