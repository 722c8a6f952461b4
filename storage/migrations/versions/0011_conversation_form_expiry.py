"""Conversations carry the time their form data expires: the scheduled purge drops it then,
as the privacy notice promises (retention.form_minutes).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 10:40:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "conversations", sa.Column("form_expires_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.create_index(op.f("ix_conversations_form_expires_at"), "conversations", ["form_expires_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_conversations_form_expires_at"), table_name="conversations")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("form_expires_at")
