"""Published notices (OCDS) on contracts, and spend extract lines.

Contracts gain the notice's ocid (the key re-imports match on), buyer, regions,
CPV codes, procurement method and the date of the newest release merged. Spend
lines hold invoice lines from finance extracts for the local / SME / VCSE spend KPIs.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain add_column (not batch): a batch rebuild of contracts would trip the foreign keys onto it.
    op.add_column("contracts", sa.Column("ocid", sa.String(128), nullable=True))
    op.add_column("contracts", sa.Column("buyer_name", sa.String(300), nullable=False, server_default=""))
    op.add_column("contracts", sa.Column("regions", sa.String(300), nullable=False, server_default=""))
    op.add_column("contracts", sa.Column("cpv_codes", sa.String(300), nullable=False, server_default=""))
    op.add_column("contracts", sa.Column("procurement_method", sa.String(200), nullable=False, server_default=""))
    op.add_column("contracts", sa.Column("ocds_release_date", sa.String(40), nullable=False, server_default=""))
    # A unique index rather than a constraint: SQLite cannot add a constraint to an existing table.
    op.create_index(op.f("ix_contracts_ocid"), "contracts", ["ocid"], unique=True)
    op.create_table(
        "spend_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line_key", sa.String(64), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=True),
        sa.Column("supplier_name", sa.String(200), nullable=False),
        sa.Column("invoice_date", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(16, 2), nullable=False),
        sa.Column("postcode", sa.String(10), nullable=False),
        sa.Column("invoice_reference", sa.String(100), nullable=False),
        sa.Column("source_file", sa.String(260), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["supplier_id"], ["suppliers.id"], name=op.f("fk_spend_lines_supplier_id_suppliers"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spend_lines")),
        sa.UniqueConstraint("line_key", name=op.f("uq_spend_lines_line_key")),
    )
    op.create_index(op.f("ix_spend_lines_supplier_id"), "spend_lines", ["supplier_id"])
    op.create_index(op.f("ix_spend_lines_invoice_date"), "spend_lines", ["invoice_date"])


def downgrade() -> None:
    op.drop_table("spend_lines")
    op.drop_index(op.f("ix_contracts_ocid"), table_name="contracts")
    for column in ("ocds_release_date", "procurement_method", "cpv_codes", "regions", "buyer_name", "ocid"):
        op.drop_column("contracts", column)
