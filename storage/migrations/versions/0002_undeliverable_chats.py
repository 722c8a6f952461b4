"""Chats that refuse our messages (a blocked bot); button ids grouped by keyboard.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 22:40:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "undeliverable_chats",
        sa.Column("sender", sa.String(length=200), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sender", name=op.f("pk_undeliverable_chats")),
    )
    with op.batch_alter_table("callbacks") as batch:
        batch.add_column(sa.Column("keyboard", sa.String(length=32), nullable=True))
    op.execute("UPDATE callbacks SET keyboard = id")  # older ids: a keyboard each
    with op.batch_alter_table("callbacks") as batch:
        batch.alter_column("keyboard", existing_type=sa.String(length=32), nullable=False)
        batch.create_index(op.f("ix_callbacks_keyboard"), ["keyboard"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("callbacks") as batch:
        batch.drop_index(op.f("ix_callbacks_keyboard"))
        batch.drop_column("keyboard")
    op.drop_table("undeliverable_chats")
