"""An index for the web notices a citizen's next message looks for.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 10:00:00

"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_outbox_address_state", "outbox", ["address", "state"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_outbox_address_state", table_name="outbox")
