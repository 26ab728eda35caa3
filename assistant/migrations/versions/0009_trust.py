"""households.public_id: the opaque identity that tokens and signed links carry;
receipts.review_reason: a till's receipt held for review (points not credited)

Revision ID: 0009
Revises: 0008

Household ids may come back on SQLite (a row erased, the next enrolment takes its id): a token
or a link must name something an erased household never shares with a new one.
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Added, filled and indexed in place (ALTER TABLE ADD COLUMN): rebuilding `households` on
    # SQLite would cascade the delete of every household's rows.
    op.add_column("households", sa.Column("public_id", sa.String(length=32), nullable=True))
    households = sa.table("households", sa.column("id", sa.Integer), sa.column("public_id"))
    bind = op.get_bind()
    ids = bind.execute(sa.select(households.c.id)).scalars().all()
    for household_id in ids:
        bind.execute(
            households.update()
            .where(households.c.id == household_id)
            .values(public_id=secrets.token_hex(16))
        )
    op.create_index("ix_households_public_id", "households", ["public_id"], unique=True)
    op.add_column("receipts", sa.Column("review_reason", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("receipts", schema=None) as batch_op:
        batch_op.drop_column("review_reason")
    op.drop_index("ix_households_public_id", table_name="households")
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.drop_column("public_id")
