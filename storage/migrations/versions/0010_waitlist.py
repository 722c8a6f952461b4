"""The waitlist: citizens' wishes, the seats the life cycle freed, and the offers made of them.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 10:40:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WAITING = "state IN ('waiting', 'offered')"
OPEN = "state = 'open'"


def _stamp(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "waitlist_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("holder", sa.String(length=200), nullable=False),
        sa.Column("holder_slot", sa.Integer(), nullable=True),
        sa.Column("service_id", sa.String(length=64), nullable=False),
        sa.Column("household_size", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("part_of_day", sa.String(length=16), nullable=True),
        sa.Column("appointment_code", sa.String(length=24), nullable=True),
        _stamp("before", nullable=True),
        sa.Column("name", sa.String(length=120), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        _stamp("created_at"),
        _stamp("updated_at"),
        _stamp("ends_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waitlist_entries")),
    )
    op.create_index(
        "uq_waitlist_entries_active_holder",
        "waitlist_entries",
        ["holder", "holder_slot"],
        unique=True,
        sqlite_where=sa.text(WAITING),
        postgresql_where=sa.text(WAITING),
    )
    op.create_index("ix_waitlist_entries_state_id", "waitlist_entries", ["state", "id"])
    op.create_index(op.f("ix_waitlist_entries_ends_at"), "waitlist_entries", ["ends_at"])
    op.create_table(
        "waitlist_releases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.BigInteger(), nullable=False),
        sa.Column("unit", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.String(length=64), nullable=False),
        _stamp("slot_start"),
        _stamp("slot_end"),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("offers", sa.Integer(), nullable=False),
        _stamp("freed_at"),
        _stamp("updated_at"),
        _stamp("rebooked_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waitlist_releases")),
        sa.UniqueConstraint("event_id", "unit", name=op.f("uq_waitlist_releases_event_id_unit")),
    )
    op.create_index("ix_waitlist_releases_state_id", "waitlist_releases", ["state", "id"])
    op.create_table(
        "waitlist_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("hold_id", sa.String(length=32), nullable=False),
        _stamp("slot_start"),
        _stamp("slot_end"),
        sa.Column("state", sa.String(length=16), nullable=False),
        _stamp("created_at"),
        _stamp("expires_at"),
        _stamp("answered_at", nullable=True),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["waitlist_entries.id"],
            name=op.f("fk_waitlist_offers_entry_id_waitlist_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["waitlist_releases.id"],
            name=op.f("fk_waitlist_offers_release_id_waitlist_releases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waitlist_offers")),
    )
    for column in ("release_id", "entry_id"):
        op.create_index(
            f"uq_waitlist_offers_open_{column.removesuffix('_id')}",
            "waitlist_offers",
            [column],
            unique=True,
            sqlite_where=sa.text(OPEN),
            postgresql_where=sa.text(OPEN),
        )
        op.create_index(op.f(f"ix_waitlist_offers_{column}"), "waitlist_offers", [column])
    op.create_index(
        "ix_waitlist_offers_state_expires_at", "waitlist_offers", ["state", "expires_at"]
    )


def downgrade() -> None:
    op.drop_table("waitlist_offers")
    op.drop_table("waitlist_releases")
    op.drop_table("waitlist_entries")
