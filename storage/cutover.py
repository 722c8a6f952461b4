"""The cutover: every active appointment from a date cancelled, and each affected person told
once, in one transaction.

The run is recorded (table `cutovers`), so running it again for the same date changes nothing
and queues nothing: it would otherwise cancel appointments citizens booked again afterwards.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from office.booking import ACTIVE, CUTOVER_REASON, Appointment, Status
from office.city import City
from office.notices import CutoverCounts, CutoverNotices, CutoverResult
from storage.booking import appointment_view
from storage.db import Database
from storage.models import (
    Account,
    AppointmentRow,
    AuditRow,
    CutoverRun,
    Person,
    Seat,
    UndeliverableChat,
)
from storage.outbox import Outbox, Report, Route, insert_rows, new_row, route

CHUNK = 500  # ids per IN (...) list
_ACTIVE = tuple(s.value for s in ACTIVE)


@dataclass(frozen=True)
class Reach:
    """One person (or one appointment) to tell, and how."""

    key: str
    person_id: int | None
    lang: str
    route: Route
    appointments: list[Appointment]


class CutoverService:
    def __init__(self, db: Database, city: City):
        self.db = db
        self.city = city

    def campaign(self, from_day: date) -> str:
        return f"cutover:{from_day.isoformat()}"

    def preview(self, from_day: date, now: datetime) -> CutoverCounts:
        """What `run` would cancel: appointments by day, notices by channel."""
        with self.db.read() as s:
            affected = self._affected(s, from_day, now, lock=False)
        by_day = Counter(a.start.date() for p in affected for a in p.appointments)
        by_channel = Counter(p.route.channel for p in affected)
        return CutoverCounts(sum(by_day.values()), dict(by_day), dict(by_channel))

    def run(self, from_day: date, actor: str, now: datetime) -> CutoverResult:
        """Cancel and queue the notices in one transaction; a second run changes nothing."""
        with self.db.write() as s:
            done = s.get(CutoverRun, from_day)
            if done is not None:
                return CutoverResult(from_day, done.cancelled, done.notices, True, done.run_at)
            affected = self._affected(s, from_day, now, lock=True)
            codes = [a.code for p in affected for a in p.appointments]
            cancel_by_office(s, codes, CUTOVER_REASON, actor, now)
            audit = {"at": now, "actor": actor[:64], "action": "cutover"}
            campaign = self.campaign(from_day)
            writer = CutoverNotices(self.city)
            rows = [
                new_row(
                    p.route,
                    writer.notice(p.appointments, p.lang).payload(),
                    f"{campaign}:{p.key}",
                    campaign,
                    now,
                    p.person_id,
                )
                for p in affected
            ]
            notices = insert_rows(s, rows)
            summary = f"from {from_day.isoformat()}: {len(codes)} cancelled, {notices} notices"
            s.execute(insert(AuditRow), [{**audit, "detail": summary, "appointment_code": None}])
            s.add(CutoverRun(from_day=from_day, run_at=now, actor=actor[:64],
                             cancelled=len(codes), notices=notices))  # fmt: skip
        return CutoverResult(from_day, len(codes), notices, False, now)

    def runs(self) -> list[CutoverRun]:
        with self.db.read() as s:
            return list(s.scalars(select(CutoverRun).order_by(CutoverRun.from_day)))

    def report(self, from_day: date) -> Report:
        return Outbox(self.db).report(self.campaign(from_day))

    def _affected(self, s: Session, from_day: date, now: datetime, lock: bool) -> list[Reach]:
        """Active appointments from `from_day` (and not yet begun), by person."""
        start = max(datetime.combine(from_day, time(0), self.city.tz), now)
        where = (AppointmentRow.status.in_(_ACTIVE), AppointmentRow.slot_start >= start)
        return reach(s, self.city, where, per_person=True, lock=lock and not self.db.is_sqlite)


def cancel_by_office(s: Session, codes: Sequence[str], reason: str, actor: str, now: datetime):
    """Cancel these appointments for the office, in the caller's transaction: seats free at
    once, every appointment audited."""
    for chunk in _chunks(codes):
        ids = select(AppointmentRow.id).where(AppointmentRow.code.in_(chunk))
        s.execute(delete(Seat).where(Seat.appointment_id.in_(ids)))
        s.execute(
            update(AppointmentRow)
            .where(AppointmentRow.code.in_(chunk))
            .values(
                status=Status.CANCELLED_BY_OFFICE.value,
                cancel_reason=reason,
                cancelled_at=now,
                updated_at=now,
                person_slot=None,
                account_slot=None,
            )
        )
    audit = {"at": now, "actor": actor[:64], "action": "cancel", "detail": reason}
    if codes:
        s.execute(AuditRow.__table__.insert(), [{**audit, "appointment_code": c} for c in codes])


def reach(s: Session, city: City, where: Sequence, per_person: bool, lock: bool) -> list[Reach]:
    """The appointments matching `where`, grouped by person (or one group each), each group
    with the way to reach its person. Plain rows, not ORM objects: there may be ten thousand."""
    a = AppointmentRow
    query = (
        select(
            a.code,
            a.service_id,
            a.slot_start,
            a.slot_end,
            a.seat,
            a.status,
            a.household_size,
            a.language,
            a.channel,
            a.sender,
            a.created_at,
            a.name,
            a.cancel_reason,
            Person.id.label("person_id"),
            Person.email,
            Person.phone,
            Person.language.label("person_language"),
        )  # fmt: skip
        .outerjoin(Person, Person.id == a.person_id)
        .where(*where)
        .order_by(a.slot_start, a.id)
    )
    if lock:  # SQLite's BEGIN IMMEDIATE already keeps other writers out
        query = query.with_for_update(of=a)
    rows = s.execute(query).all()
    person_ids = {r.person_id for r in rows if r.person_id is not None}
    senders = _senders_of(s, person_ids)
    every_sender = {x for found in senders.values() for x in found}
    blocked = _undeliverable(s, every_sender | {r.sender for r in rows if r.sender})
    groups: dict[str, list] = defaultdict(list)
    for r in rows:
        key = f"person:{r.person_id}" if per_person and r.person_id else f"appointment:{r.code}"
        groups[key].append(r)
    found = []
    for key, items in groups.items():
        head = items[0]
        own = [r.sender for r in sorted(items, key=lambda r: r.created_at, reverse=True)]
        preferred = [x for x in own if x] + senders.get(head.person_id, [])
        found.append(
            Reach(
                key,
                head.person_id,
                head.person_language or head.language,
                route(list(dict.fromkeys(preferred)), head.email, head.phone, blocked),
                [appointment_view(r, city.tz) for r in items],
            )
        )
    return found


def _senders_of(s: Session, person_ids: set[int]) -> dict[int, list[str]]:
    """Each person's chat accounts, newest first."""
    found: dict[int, list[str]] = defaultdict(list)
    for chunk in _chunks(sorted(person_ids)):
        for person_id, sender in s.execute(
            select(Account.person_id, Account.sender)
            .where(Account.person_id.in_(chunk))
            .order_by(Account.created_at.desc(), Account.id.desc())
        ):
            found[person_id].append(sender)
    return found


def _undeliverable(s: Session, senders: set[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(sorted(senders)):
        query = select(UndeliverableChat.sender).where(UndeliverableChat.sender.in_(chunk))
        found |= set(s.scalars(query))
    return found


def _chunks(items: Sequence) -> Iterator[Sequence]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]
