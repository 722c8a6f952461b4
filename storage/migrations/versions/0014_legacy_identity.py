"""What 0009 left of the time before proofs, made to follow its rules (issue 14).

Before 0009 every booking linked its chat to the person of the address typed (an `accounts`
row), and a no-show was held against that person. 0009 left both as they were while every
person became unproven, so a chat that typed someone else's address before the upgrade still
saw and could cancel that person's appointments, and a citizen framed by no-shows booked under
their address stayed blocked. Since 0009 an account is written only by a proof, which also
marks its person proven, and a no-show hangs only on a proven person or a Telegram account:

- accounts of persons never proven are dropped (the chat that booked an appointment still sees
  it: appointments name their chat);
- a no-show on a person never proven is held against the Telegram chat its appointment was
  booked from, as a no-show now is, or dropped when there is none.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 20:00:00

"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNPROVEN = "SELECT id FROM persons WHERE verified_at IS NULL"


def upgrade() -> None:
    op.execute(f"DELETE FROM accounts WHERE person_id IN ({UNPROVEN})")
    op.execute(
        "UPDATE no_shows SET sender = (SELECT a.sender FROM appointments a "
        "WHERE a.code = no_shows.appointment_code AND a.sender LIKE 'telegram:%') "
        f"WHERE sender IS NULL AND person_id IN ({UNPROVEN})"
    )
    op.execute(f"UPDATE no_shows SET person_id = NULL WHERE person_id IN ({UNPROVEN})")
    op.execute("DELETE FROM no_shows WHERE person_id IS NULL AND sender IS NULL")


def downgrade() -> None:
    """Nothing to restore: the rows dropped were links and blame no proof supports."""
