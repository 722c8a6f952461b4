"""A worker that books, and freezes at a chosen point so the test can kill it (SIGKILL) there.

    python -m tests.prod.booker DATABASE_URL STAGE N

Books N appointments the way the chat does (hold, then book), printing `BOOKED <code>` after
each commit; then starts one more and freezes: STAGE `holds` inside the hold's transaction,
`appointments` inside the booking's transaction before its seat is claimed, `audit` after the
seat is claimed but before the commit, `held` after the hold committed (a worker that died
between the citizen's slot choice and the final "ja"). It prints `FROZEN` and sleeps.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import event

from app.services import build_services
from app.settings import Settings
from office.booking import Booked, Held

NOW = datetime(2021, 9, 13, 8, 0, tzinfo=ZoneInfo("Europe/Berlin"))
SERVICE = "reisepass"


def freeze() -> None:
    print("FROZEN", flush=True)
    time.sleep(600)


def main(url: str, stage: str, n: int) -> None:
    ctx = build_services(Settings(database_url=url))
    db = ctx.db
    armed = False

    @event.listens_for(db.engine, "after_cursor_execute")
    def stop_here(conn, cursor, statement, parameters, context, executemany) -> None:
        if armed and statement.lstrip().upper().startswith(f"INSERT INTO {stage.upper()} "):
            freeze()

    slots = ctx.booking.free_slots(SERVICE, NOW, limit=n + 1)
    for i, slot in enumerate(slots):
        armed = i == n
        sender = f"test:w{i}"
        held = ctx.booking.hold(SERVICE, slot.start, sender, NOW)
        assert isinstance(held, Held), held
        if armed and stage == "held":
            freeze()
        outcome = ctx.booking.book(
            held, SERVICE, "Vorname Nachname", email=f"w{i}@example.org", sender=sender, now=NOW
        )
        assert isinstance(outcome, Booked), outcome
        print("BOOKED", outcome.appointment.code, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
