"""purchase_habits, category_habits: per household, the lines of each product and each category
its receipts hold and the last one's time, folded in as receipts are stored

Revision ID: 0011
Revises: 0010

Filled here from the receipts already stored, in plain SQL (the application's code may change
after this migration; what it computed then must not).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "purchase_habits",
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("purchases", sa.Integer(), nullable=False),
        sa.Column("last_purchased_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["household_id"], ["households.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("household_id", "product_id"),
    )
    op.create_table(
        "category_habits",
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=60), nullable=False),
        sa.Column("purchases", sa.Integer(), nullable=False),
        sa.Column("last_purchased_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["household_id"], ["households.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("household_id", "category"),
    )
    op.execute(
        "INSERT INTO purchase_habits (household_id, product_id, purchases, last_purchased_at) "
        "SELECT r.household_id, l.product_id, count(*), max(r.purchased_at) "
        "FROM receipt_lines l JOIN receipts r ON r.id = l.receipt_id "
        "WHERE r.household_id IS NOT NULL AND l.product_id IS NOT NULL "
        "GROUP BY r.household_id, l.product_id"
    )
    op.execute(
        "INSERT INTO category_habits (household_id, category, purchases, last_purchased_at) "
        "SELECT r.household_id, p.category, count(*), max(r.purchased_at) "
        "FROM receipt_lines l JOIN receipts r ON r.id = l.receipt_id "
        "JOIN products p ON p.id = l.product_id "
        "WHERE r.household_id IS NOT NULL "
        "GROUP BY r.household_id, p.category"
    )


def downgrade() -> None:
    op.drop_table("category_habits")
    op.drop_table("purchase_habits")
