"""Appointment queries: one by code or token, a citizen's own, the staff's day list."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Row, bindparam, or_, select
from sqlalchemy.orm import Session

from office.booking import Appointment
from office.contacts import Contact
from office.lifecycle import ACTIVE, FREED, Status
from office.verification import Verified
from storage import verification
from storage.availability import Availability
from storage.models import Account, AppointmentRow, Person

_ACTIVE = tuple(s.value for s in ACTIVE)
ACCOUNTS = select(Account.person_id).where(Account.sender == bindparam("sender"))
"""The persons who booked from the chat account `sender`."""
_ALL_OF = (  # a sender's appointments and those of every person who booked from it
    select(*AppointmentRow.__table__.c, Person.email, Person.phone)
    .outerjoin(Person, Person.id == AppointmentRow.person_id)
    .where(
        or_(
            AppointmentRow.sender == bindparam("sender"),
            AppointmentRow.person_id.in_(ACCOUNTS),
            Person.key == bindparam("sender"),
        )
    )
    .order_by(AppointmentRow.slot_start)
)
_ACTIVE_OF = _ALL_OF.where(
    AppointmentRow.status.in_(_ACTIVE), AppointmentRow.slot_end > bindparam("now")
)


class AppointmentQueries(Availability):
    """Reads of appointments, and the view callers get of one."""

    def appointment(self, code: str, by_person: str | None = None) -> Appointment | None:
        """One appointment by code; with `by_person`, only if it is theirs."""
        with self.db.read() as s:
            row = s.scalars(select(AppointmentRow).where(AppointmentRow.code == code)).first()
            if row is None or (by_person is not None and not self._owns(s, row, by_person)):
                return None
            return self._load_view(s, row)

    def appointment_by_token(self, purpose: str, token: str, now: datetime) -> Appointment | None:
        """The appointment a live link token of `purpose` is for (the page a link's GET
        shows; the token stays unused: only the POST acts)."""
        with self.db.read() as s:
            found = verification.redeem(s, purpose, token, now, use=False)
            if not isinstance(found, Verified):
                return None
            row = s.scalars(
                select(AppointmentRow).where(AppointmentRow.code == found.subject)
            ).first()
            return self._load_view(s, row) if row else None

    def link_token(self, purpose: str, code: str, now: datetime) -> str | None:
        """A new secret for an e-mail link (cancel, "Ich komme") of the appointment `code`,
        valid until it starts; None when there is no such appointment ahead."""
        with self.db.write() as s:
            return link_token(s, purpose, code, now)

    def appointments_of(
        self, who: str, now: datetime, include_past: bool = False
    ) -> list[Appointment]:
        """A citizen's active appointments, soonest first; `who` is a sender or a person key.

        A sender sees the appointments booked from it and those of every person who booked
        from it (the same e-mail from two chats is one person).
        """
        query = _ALL_OF if include_past else _ACTIVE_OF
        with self.db.connection() as c:  # asked on every booking turn: one prepared statement
            rows = c.execute(query, {"sender": who, "now": now}).all()
        return [self._view(row, row) for row in rows]

    def day_list(self, day: date, include_cancelled: bool = False) -> list[Appointment]:
        """Staff: the day's appointments by time and seat, with names and contacts."""
        lo, hi = self.grid.day_bounds(day)
        with self.db.read() as s:
            query = (
                select(AppointmentRow, Person)
                .outerjoin(Person, Person.id == AppointmentRow.person_id)
                .where(AppointmentRow.slot_start >= lo, AppointmentRow.slot_start < hi)
            )
            if not include_cancelled:
                query = query.where(AppointmentRow.status.not_in([x.value for x in FREED]))
            rows = s.execute(query.order_by(AppointmentRow.slot_start, AppointmentRow.seat)).all()
            return [self._view(row, person) for row, person in rows]

    def _owns(self, s: Session, row: AppointmentRow, who: str) -> bool:
        if who in (row.sender, row.person_key):
            return True
        return row.person_id is not None and row.person_id in self._persons_of_sender(s, who)

    def _persons_of_sender(self, s: Session, sender: str) -> set[int]:
        return set(s.scalars(select(Account.person_id).where(Account.sender == sender)))

    def _load_view(self, s: Session, row: AppointmentRow) -> Appointment:
        return self._view(row, s.get(Person, row.person_id) if row.person_id else None)

    def _view(
        self, row: AppointmentRow | Row, person: Person | Contact | Row | None
    ) -> Appointment:
        return appointment_view(row, self.city.tz, person)


def appointment_view(
    row: AppointmentRow | Row, tz: ZoneInfo, person: Person | Contact | Row | None = None
) -> Appointment:
    """An appointment row (an ORM object, or a plain row with its columns) as callers see it."""
    return Appointment(
        code=row.code,
        service_id=row.service_id,
        start=row.slot_start.astimezone(tz),
        end=row.slot_end.astimezone(tz),
        seat=row.seat,
        status=Status(row.status),
        household_size=row.household_size,
        language=row.language,
        channel=row.channel,
        name=row.name,
        email=person.email if person else None,
        phone=person.phone if person else None,
        cancel_reason=row.cancel_reason,
    )


def link_token(s: Session, purpose: str, code: str, now: datetime) -> str | None:
    """In the caller's transaction: a link token for the appointment `code` until its start.
    Several may be live at once (the confirmation's and the reminder's links both work)."""
    start = s.scalar(select(AppointmentRow.slot_start).where(AppointmentRow.code == code))
    if start is None or start <= now:
        return None
    issued = verification.issue(
        s, purpose, code, now, start - now, code=False, link=True, replace=False
    )
    return issued.token
