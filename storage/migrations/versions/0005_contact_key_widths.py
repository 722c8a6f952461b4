"""Contact columns wide enough for every address RFC 5321 allows (254 octets).

An address is checked against the RFC's limits before it reaches the database; these widths
make sure that every address passing the check also fits, so a long but valid address never
becomes a database error.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 18:30:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WIDER = [  # table, column, old width, new width
    ("persons", "key", 200, 300),
    ("persons", "email", 200, 254),
    ("appointments", "person_key", 200, 300),
    ("outbox", "address", 200, 254),
]


def upgrade() -> None:
    for table, column, old, new in _WIDER:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(column, type_=sa.String(new), existing_type=sa.String(old))


def downgrade() -> None:
    for table, column, old, new in _WIDER:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(column, type_=sa.String(old), existing_type=sa.String(new))
