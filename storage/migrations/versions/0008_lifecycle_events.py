"""The appointment life cycle: events and consumer cursors, pending bookings count as active,
and the states that were spelled as a status plus a reason get a status of their own.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 18:15:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_ACTIVE = "status IN ('booked', 'confirmed')"
NEW_ACTIVE = "status IN ('pending', 'booked', 'confirmed')"
RENAMED = [  # (old status, old cancel reason) -> new status
    ("cancelled_by_office", "cutover", "cancelled_by_cutover"),
    ("cancelled_by_office", "unconfirmed", "released_unconfirmed"),
    ("attended", None, "checked_in"),
]


def _active_indexes(where: str) -> None:
    for name, columns in (
        ("uq_appointments_active_person", ["person_key", "person_slot"]),
        ("uq_appointments_active_sender", ["sender", "account_slot"]),
    ):
        op.drop_index(name, table_name="appointments")
        op.create_index(
            name,
            "appointments",
            columns,
            unique=True,
            sqlite_where=sa.text(where),
            postgresql_where=sa.text(where),
        )


def upgrade() -> None:
    json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    op.create_table(
        "events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("appointment_code", sa.String(length=24), nullable=True),
        sa.Column("payload", json, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_index(op.f("ix_events_at"), "events", ["at"], unique=False)
    op.create_table(
        "event_cursors",
        sa.Column("consumer", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("consumer", name=op.f("pk_event_cursors")),
    )
    _active_indexes(NEW_ACTIVE)
    for old, reason, new in RENAMED:
        where = "status = :old" + (" AND cancel_reason = :reason" if reason else "")
        op.execute(
            sa.text(f"UPDATE appointments SET status = :new WHERE {where}").bindparams(
                old=old, new=new, **({"reason": reason} if reason else {})
            )
        )
    op.execute("UPDATE appointments SET status = 'purged' WHERE person_key IS NULL")


def downgrade() -> None:
    for old, _reason, new in RENAMED:
        op.execute(
            sa.text("UPDATE appointments SET status = :old WHERE status = :new").bindparams(
                old=old, new=new
            )
        )
    # lossy: the old schema knew neither pending nor purged bookings, nor an unverified release
    for new, old in (
        ("pending", "cancelled_by_citizen"),
        ("released_unverified", "cancelled_by_office"),
        ("purged", "booked"),
    ):
        op.execute(
            sa.text("UPDATE appointments SET status = :old WHERE status = :new").bindparams(
                old=old, new=new
            )
        )
    _active_indexes(OLD_ACTIVE)
    op.drop_table("event_cursors")
    op.drop_index(op.f("ix_events_at"), table_name="events")
    op.drop_table("events")
