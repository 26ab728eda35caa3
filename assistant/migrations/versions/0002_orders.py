"""pre-filled list and order lifecycle

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("picking_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("proposed_week", sa.Date(), nullable=True))
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("explanation_en", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("score", sa.Float(), nullable=True))
        batch_op.add_column(
            sa.Column("accepted", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.add_column(
            sa.Column("customer_edited", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "list_dismissals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["household_id"], ["households.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("household_id", "product_id", "week_start"),
    )
    with op.batch_alter_table("list_dismissals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_list_dismissals_household_id"), ["household_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("list_dismissals")
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.drop_column("customer_edited")
        batch_op.drop_column("accepted")
        batch_op.drop_column("score")
        batch_op.drop_column("explanation_en")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_column("proposed_week")
        batch_op.drop_column("cancelled_at")
        batch_op.drop_column("picking_at")
