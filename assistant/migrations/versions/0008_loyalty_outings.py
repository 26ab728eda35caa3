"""loyalty redemptions, booking holds

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("loyalty_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reward_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_loyalty_entries_reward_id"), ["reward_id"])
        batch_op.create_foreign_key(
            "fk_loyalty_entries_reward_id", "rewards", ["reward_id"], ["id"], ondelete="SET NULL"
        )
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("idempotency_key", sa.String(length=120), nullable=True))
        batch_op.create_unique_constraint("uq_bookings_idempotency_key", ["idempotency_key"])
        batch_op.create_index(batch_op.f("ix_bookings_hold_expires_at"), ["hold_expires_at"])


def downgrade() -> None:
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bookings_hold_expires_at"))
        batch_op.drop_constraint("uq_bookings_idempotency_key", type_="unique")
        batch_op.drop_column("idempotency_key")
    with op.batch_alter_table("loyalty_entries", schema=None) as batch_op:
        batch_op.drop_constraint("fk_loyalty_entries_reward_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_loyalty_entries_reward_id"))
        batch_op.drop_column("reward_id")
