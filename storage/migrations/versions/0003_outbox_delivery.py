"""Delivery: outbox rows by campaign, the worker's lease, cutovers done.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 09:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("campaign", sa.String(length=64), nullable=True))
        batch.create_index(op.f("ix_outbox_campaign"), ["campaign"], unique=False)
    op.create_table(
        "worker_leases",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("holder", sa.String(length=128), nullable=False),
        sa.Column("expires_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_worker_leases")),
    )
    op.create_table(
        "cutovers",
        sa.Column("from_day", sa.Date(), nullable=False),
        sa.Column("run_at", TIME, nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("cancelled", sa.Integer(), nullable=False),
        sa.Column("notices", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("from_day", name=op.f("pk_cutovers")),
    )


def downgrade() -> None:
    op.drop_table("cutovers")
    op.drop_table("worker_leases")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_index(op.f("ix_outbox_campaign"))
        batch.drop_column("campaign")
