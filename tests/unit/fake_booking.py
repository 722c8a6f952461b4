"""A booking service in memory, for action unit tests: the part of storage's BookingService the
actions call, with its rules kept honest (a seat is held once, only one's own appointment can
be seen or cancelled, a cancelled one stays cancelled)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from office.booking import Appointment, Cancelled, Held, NotActive, NotFound, SlotTaken
from office.city import City

HOLD_MINUTES = 5


@dataclass
class FakeBooking:
    city: City
    appointments: dict[str, tuple[str, Appointment]] = field(
        default_factory=dict
    )  # code: (owner, …)
    holds: dict[str, Held] = field(default_factory=dict)  # holder: their held seat

    def add(self, owner: str, appointment: Appointment) -> Appointment:
        self.appointments[appointment.code] = (owner, appointment)
        return appointment

    def appointments_of(self, sender: str, now: datetime) -> list[Appointment]:
        return sorted(
            (a for owner, a in self.appointments.values()
             if owner == sender and a.status in ("booked", "confirmed") and a.end > now),
            key=lambda a: a.start,
        )  # fmt: skip

    def appointment(self, code: str | None, by_person: str | None = None) -> Appointment | None:
        owner, found = self.appointments.get(code or "", (None, None))
        return found if found is not None and owner == by_person else None

    def cancel(self, code: str, actor: str, now: datetime, by_person: str | None = None):
        found = self.appointment(code, by_person)
        if found is None:
            return NotFound()
        if found.status not in ("booked", "confirmed"):
            return NotActive(found)
        cancelled = replace(found, status="cancelled_by_citizen")
        self.appointments[code] = (by_person or actor, cancelled)
        return Cancelled(cancelled)

    def hold(
        self,
        service_id: str,
        start: datetime,
        holder: str,
        now: datetime,
        household_size: int = 1,
        client: str | None = None,
    ) -> Held | SlotTaken:
        if any(h.start == start for who, h in self.holds.items() if who != holder):
            return SlotTaken(())
        service = self.city.service(service_id)
        assert service is not None, service_id
        duration = timedelta(minutes=service.minutes * household_size)
        held = Held(f"hold-{len(self.holds) + 1}", service_id, start, start + duration,
                    now + timedelta(minutes=HOLD_MINUTES), household_size)  # fmt: skip
        self.holds[holder] = held
        return held

    def release_hold(self, holder: str) -> None:
        self.holds.pop(holder, None)


@dataclass
class FakeServices:
    """What actions read of the `Services` bundle: the city and the booking service."""

    city: City
    booking: FakeBooking
    trust_turn_clock: bool = True
