"""Holds that cannot flood: the client address (a keyed hash) a hold or a pending booking came
from, so the seats one address holds at once can be capped.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 11:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("holds", "appointments"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("client", sa.String(length=64), nullable=True))
            batch.create_index(op.f(f"ix_{table}_client"), ["client"])


def downgrade() -> None:
    for table in ("appointments", "holds"):
        with op.batch_alter_table(table) as batch:
            batch.drop_index(op.f(f"ix_{table}_client"))
            batch.drop_column("client")
