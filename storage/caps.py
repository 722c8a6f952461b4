"""Caps on seats held at once: per client address, and per day over all clients.

A hold (and a pending booking, which keeps its seat until its contact is verified) takes a seat
that no one else can book. Without caps one address could hold every seat of the horizon with
made-up senders, and many addresses together every seat of a rush day. Both counts run inside
the hold's own write transaction, after an advisory lock on PostgreSQL (SQLite writers are
serialised anyway), so two workers cannot both take the last seat under a cap.

The first hold of an address (or of a day) is always allowed, so a household whose appointment
spans more slot-seats than a small cap can still book.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy import BindParameter, Connection, bindparam, func, select, text

from office.booking import TooManyHeld
from office.city import BookingPolicy
from office.lifecycle import Status
from office.slots import SlotGrid
from storage.models import AppointmentRow, Hold, Seat

_PENDING = Status.PENDING.value


class HoldCaps:
    def __init__(self, dialect: str, grid: SlotGrid, policy: BookingPolicy):
        self.grid = grid
        self.policy = policy
        self.locks = dialect == "postgresql"
        now: BindParameter[datetime] = bindparam("now")
        held = select(func.count(Seat.id)).join(Hold, Seat.hold_id == Hold.id)
        pending = select(func.count(Seat.id)).join(
            AppointmentRow, Seat.appointment_id == AppointmentRow.id
        )
        self._client_held = held.where(Hold.client == bindparam("client"), Seat.expires_at > now)
        self._client_pending = pending.where(
            AppointmentRow.client == bindparam("client"), AppointmentRow.status == _PENDING
        )
        in_day = (Seat.slot_start >= bindparam("lo"), Seat.slot_start < bindparam("hi"))
        self._day_held = held.where(*in_day, Seat.expires_at > now)
        self._day_pending = pending.where(*in_day, AppointmentRow.status == _PENDING)

    def check(
        self, c: Connection, span: tuple[datetime, ...], client: str | None, now: datetime
    ) -> TooManyHeld | None:
        """None when `span` may be held now by `client` (None: no address, e.g. Telegram)."""
        n = len(span)
        if client:
            self._lock(c, f"client:{client}")
            used = c.scalar(self._client_held, {"client": client, "now": now}) or 0
            used += c.scalar(self._client_pending, {"client": client}) or 0
            if used and used + n > self.policy.seats_per_client:
                return TooManyHeld("client")
        day = span[0].astimezone(self.grid.schedule.tz).date()
        total = sum(len(group) for group in self.grid.day(day)) * self.policy.counters
        lo, hi = (t.astimezone(UTC) for t in self.grid.day_bounds(day))
        self._lock(c, f"day:{day.isoformat()}")
        held = c.scalar(self._day_held, {"lo": lo, "hi": hi, "now": now}) or 0
        held += c.scalar(self._day_pending, {"lo": lo, "hi": hi}) or 0
        if held and held + n > self.policy.held_share * total:
            return TooManyHeld("day")
        return None

    def _lock(self, c: Connection, name: str) -> None:
        """A transaction-scoped lock on PostgreSQL: counts and the insert after them are one
        step for everyone taking the same lock."""
        if self.locks:
            key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
            c.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})
