"""Counters shared by every worker: rate-limit windows and single-use proof-of-work marks.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 18:45:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "counters",
        sa.Column("key", sa.String(length=250), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_counters")),
    )
    op.create_index(op.f("ix_counters_expires_at"), "counters", ["expires_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_counters_expires_at"), table_name="counters")
    op.drop_table("counters")
