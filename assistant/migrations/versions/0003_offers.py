"""targeted offers: impressions, caps, durables

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "offer_impressions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("coupon_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("shown_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["household_id"], ["households.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["coupon_id"], ["coupons.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("offer_impressions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_offer_impressions_coupon_id"), ["coupon_id"], unique=False
        )
        batch_op.create_index(
            "ix_offer_impressions_household_time", ["household_id", "shown_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("offer_impressions", schema=None) as batch_op:
        batch_op.drop_index("ix_offer_impressions_household_time")
        batch_op.drop_index(batch_op.f("ix_offer_impressions_coupon_id"))
    op.drop_table("offer_impressions")
