"""The seat ledger: which (slot, seat) pairs are taken, and claiming one under the unique index.

A claim is `INSERT ... ON CONFLICT DO NOTHING RETURNING`: when a concurrent transaction got the
seat first, no row comes back (PostgreSQL waits for that transaction to end first), nothing is
aborted, and the next free seat is tried. A hold's rows count until they expire and are then
replaced by whoever claims the seat next. These statements run once per booking attempt, so
they are built once and run on the session's Core connection.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import Connection, bindparam, delete, select

from storage.models import Seat
from storage.upsert import dialect_insert

Taken = dict[datetime, set[int]]


class SeatLedger:
    def __init__(self, dialect: str, counters: int, rand: random.Random):
        self.counters = counters
        self.rand = rand
        self._occupied = select(Seat.slot_start, Seat.seat, Seat.expires_at).where(
            Seat.slot_start >= bindparam("lo"), Seat.slot_start <= bindparam("hi")
        )
        self._insert = dialect_insert(dialect, Seat).on_conflict_do_nothing().returning(Seat.id)

    def occupied(
        self, c: Connection, lo: datetime, hi: datetime, now: datetime
    ) -> tuple[Taken, set[tuple[datetime, int]]]:
        """Seats taken in slots lo..hi, and the expired hold rows still in the table."""
        taken: Taken = defaultdict(set)
        expired = set()
        for start, seat, expires in c.execute(self._occupied, {"lo": lo, "hi": hi}):
            if expires is None or expires > now:
                taken[start].add(seat)
            else:
                expired.add((start, seat))
        return taken, expired

    def free(self, taken: Taken, span: Iterable[datetime]) -> list[int]:
        """Seats free in every slot of `span` (a booking keeps one counter throughout)."""
        used: set[int] = set()
        for t in span:
            used |= taken.get(t, set())
        if len(used) >= self.counters:
            return []
        return [c for c in range(1, self.counters + 1) if c not in used]

    def claim(
        self,
        c: Connection,
        span: tuple[datetime, ...],
        now: datetime,
        owner: dict,
        own: Iterable[tuple[datetime, int]] = (),
        prefer: int | None = None,
    ) -> int | None:
        """Take one seat in every slot of `span` for `owner`; the seat, or None when full.

        `own` are rows the owner already has (a reschedule): they count as free and stay.
        `prefer` is tried first without a read (the seat a first look found free).
        """
        own = set(own)
        keys = [t.astimezone(UTC) for t in span]
        seat = prefer
        for _attempt in range(3 * self.counters + 1):
            if seat is None:
                taken, expired = self.occupied(c, keys[0], keys[-1], now)
                for t, s in own:
                    taken[t].discard(s)
                free = self.free(taken, keys)
                if not free:
                    return None
                seat = self.rand.choice(free)
                stale = [t for t in keys if (t, seat) in expired]
                if stale:
                    c.execute(
                        delete(Seat).where(
                            Seat.slot_start.in_(stale), Seat.seat == seat, Seat.expires_at <= now
                        )
                    )
            rows = [{"slot_start": t, "seat": seat, **owner} for t in keys if (t, seat) not in own]
            ids = c.execute(self._insert, rows).scalars().all() if rows else []
            if len(ids) == len(rows):
                return seat
            if ids:  # part of a multi-slot span was taken: give back the rest
                c.execute(delete(Seat).where(Seat.id.in_(ids)))
            seat = None  # someone was faster: look again
        return None
