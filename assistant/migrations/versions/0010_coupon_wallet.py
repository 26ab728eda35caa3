"""coupon_assignments.source, valid_from, valid_to: coupons loaded onto the card by the weekly
selection or by the customer, each with where it came from and its own window

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # ADD COLUMN in place: a batch rebuild on SQLite is not needed for plain columns.
    op.add_column(
        "coupon_assignments",
        sa.Column("source", sa.String(length=16), nullable=False, server_default="campaign"),
    )
    op.add_column("coupon_assignments", sa.Column("valid_from", sa.Date(), nullable=True))
    op.add_column("coupon_assignments", sa.Column("valid_to", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("coupon_assignments", schema=None) as batch_op:
        batch_op.drop_column("valid_to")
        batch_op.drop_column("valid_from")
        batch_op.drop_column("source")
