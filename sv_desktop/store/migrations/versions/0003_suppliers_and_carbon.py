"""Supplier register details, contacts, carbon plan versions with figures and targets, stored documents,
and the contract's tender deadline (the carbon plan selection gate's check date).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

MONEY = sa.Numeric(16, 2)


def upgrade() -> None:
    # Plain ADD COLUMN: a batch (copy-and-move) would trip the foreign keys that point at these tables.
    op.add_column("suppliers", sa.Column("address", sa.Text(), nullable=False, server_default=""))
    op.add_column("suppliers", sa.Column("postcode", sa.String(10), nullable=False, server_default=""))
    op.add_column("suppliers", sa.Column("region", sa.String(32), nullable=True))
    op.add_column("suppliers", sa.Column("staff_count", sa.Integer(), nullable=True))
    op.add_column("suppliers", sa.Column("turnover", MONEY, nullable=True))
    op.add_column("suppliers", sa.Column("balance_sheet_total", MONEY, nullable=True))
    op.add_column("suppliers", sa.Column("size_override", sa.String(16), nullable=True))
    op.add_column("suppliers", sa.Column("size_override_reason", sa.Text(), nullable=False, server_default=""))
    op.add_column("suppliers", sa.Column("vcse", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("suppliers", sa.Column("mutual", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("suppliers", sa.Column("startup", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("suppliers", sa.Column("modern_slavery_url", sa.Text(), nullable=False, server_default=""))
    op.add_column("suppliers", sa.Column("evergreen_level", sa.String(100), nullable=False, server_default=""))
    op.add_column("suppliers", sa.Column("evergreen_assessed_on", sa.Date(), nullable=True))
    op.add_column("suppliers", sa.Column("website", sa.Text(), nullable=False, server_default=""))
    op.add_column("suppliers", sa.Column("notes", sa.Text(), nullable=False, server_default=""))
    op.add_column("contracts", sa.Column("tender_deadline", sa.Date(), nullable=True))

    op.create_table(
        "supplier_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("phone", sa.String(50), nullable=False),
        sa.ForeignKeyConstraint(["supplier_id"], ["suppliers.id"],
                                name=op.f("fk_supplier_contacts_supplier_id_suppliers"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supplier_contacts")),
    )
    op.create_index(op.f("ix_supplier_contacts_supplier_id"), "supplier_contacts", ["supplier_id"])
    op.create_table(
        "carbon_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("plan_type", sa.String(16), nullable=False),
        sa.Column("publication_date", sa.Date(), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("baseline_year", sa.Integer(), nullable=True),
        sa.Column("reporting_year_end", sa.Date(), nullable=True),
        sa.Column("net_zero_year", sa.Integer(), nullable=True),
        sa.Column("scopes_covered", sa.String(64), nullable=False),
        sa.Column("reduction_measures", sa.Text(), nullable=False),
        sa.Column("approved_by", sa.String(300), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["supplier_id"], ["suppliers.id"],
                                name=op.f("fk_carbon_plans_supplier_id_suppliers"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_carbon_plans")),
    )
    op.create_index(op.f("ix_carbon_plans_supplier_id"), "carbon_plans", ["supplier_id"])
    op.create_table(
        "carbon_plan_figures",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(8), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("tco2e", sa.Numeric(16, 3), nullable=True),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["carbon_plans.id"],
                                name=op.f("fk_carbon_plan_figures_plan_id_carbon_plans"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("plan_id", "period", "source", name=op.f("pk_carbon_plan_figures")),
    )
    op.create_table(
        "carbon_plan_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("reduction_percent", sa.Numeric(5, 2), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["carbon_plans.id"],
                                name=op.f("fk_carbon_plan_targets_plan_id_carbon_plans"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_carbon_plan_targets")),
    )
    op.create_index(op.f("ix_carbon_plan_targets_plan_id"), "carbon_plan_targets", ["plan_id"])
    op.create_table(
        "stored_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_kind", sa.String(32), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("attached_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stored_documents")),
    )
    op.create_index("ix_stored_documents_owner", "stored_documents", ["owner_kind", "owner_id"])


def downgrade() -> None:
    op.drop_index("ix_stored_documents_owner", table_name="stored_documents")
    op.drop_table("stored_documents")
    op.drop_table("carbon_plan_targets")
    op.drop_table("carbon_plan_figures")
    op.drop_table("carbon_plans")
    op.drop_table("supplier_contacts")
    with op.batch_alter_table("contracts") as batch:
        batch.drop_column("tender_deadline")
    with op.batch_alter_table("suppliers") as batch:
        for column in ("notes", "website", "evergreen_assessed_on", "evergreen_level", "modern_slavery_url",
                       "startup", "mutual", "vcse", "size_override_reason", "size_override",
                       "balance_sheet_total", "turnover", "staff_count", "region", "postcode", "address"):
            batch.drop_column(column)
