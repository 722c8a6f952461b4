"""Closure days and early closings that staff add: stored here, laid over the config's schedule.

Adding one cancels the appointments it hits and tells each person, in the same transaction
that stores it, through the cutover's path (`office_cancel`). Every process lays the stored
closures over its schedule at start and again when `refresh` finds them changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from office.booking import Appointment
from office.city import City
from office.closures import Closure
from office.lifecycle import ACTIVE
from office.notices import office_cancel_notice
from office.texts import t
from storage import audit
from storage.db import Database
from storage.models import AppointmentRow, OfficeClosure
from storage.office_cancel import Told, cancel_and_tell
from storage.reach import reach

CLOSURE_REASON = "closure"
_ACTIVE = tuple(s.value for s in ACTIVE)


@dataclass(frozen=True)
class ClosureAdded:
    closure: Closure
    told: Told


class ClosureStore:
    def __init__(self, db: Database, city: City):
        self.db = db
        self.city = city
        self._seen: tuple = (0, None)  # no closures stored: the config's schedule as it is

    def campaign(self, day: date) -> str:
        return f"closure:{day.isoformat()}"

    def all(self) -> list[Closure]:
        with self.db.read() as s:
            rows = s.scalars(select(OfficeClosure).order_by(OfficeClosure.day))
            return [_closure(r) for r in rows]

    def affected(self, closure: Closure, now: datetime) -> list[Appointment]:
        """The active appointments the closure would cancel, by time."""
        with self.db.read() as s:
            found = reach(s, self.city, self._where(closure, now), per_person=False, lock=False)
        return sorted((a for p in found for a in p.appointments), key=lambda a: (a.start, a.seat))

    def add(self, closure: Closure, actor: str, now: datetime) -> ClosureAdded:
        """Store it, cancel what it hits and queue the notices, in one transaction; then lay it
        over this process's schedule. ValueError when the day has a closure already."""
        try:
            with self.db.write() as s:
                s.add(
                    OfficeClosure(
                        day=closure.day,
                        closes_at=closure.closes_at.strftime("%H:%M")
                        if closure.closes_at
                        else None,
                        reason_de=closure.reason["de"][:200],
                        reason_en=(closure.reason.get("en") or None),
                        actor=actor[:64],
                        created_at=now,
                    )
                )
                s.flush()
                told = cancel_and_tell(
                    s,
                    self.city,
                    self._where(closure, now),
                    reason=CLOSURE_REASON,
                    actor=actor,
                    now=now,
                    campaign=self.campaign(closure.day),
                    write=lambda appointments, lang: office_cancel_notice(
                        self.city, appointments, lang, self.why(closure, lang)
                    ),
                    lock=not self.db.is_sqlite,
                )
                kind = f"closes {closure.closes_at:%H:%M}" if closure.closes_at else "closed"
                detail = (
                    f"{closure.day.isoformat()} {kind}: {len(told.cancelled)} cancelled, "
                    f"{told.notices} notices"
                )
                audit.record(s, now, actor, "closure", detail=detail)
        except IntegrityError:
            raise ValueError(f"{closure.day.isoformat()} has a closure already") from None
        self.refresh(force=True)
        return ClosureAdded(closure, told)

    def why(self, closure: Closure, lang: str) -> str:
        reason = closure.reason.get(lang) or closure.reason["de"]
        if closure.closes_at is None:
            return t(lang, "notice.closure.day", reason=reason)
        return t(lang, "notice.closure.early", time=f"{closure.closes_at:%H:%M}", reason=reason)

    def refresh(self, force: bool = False) -> bool:
        """Lay the stored closures over the schedule if they changed since the last look (one
        small query; other processes call this now and then). True when the schedule changed."""
        with self.db.read() as s:
            mark = tuple(
                s.execute(
                    select(func.count(), func.max(OfficeClosure.created_at)).select_from(
                        OfficeClosure
                    )
                ).one()
            )
        if mark == self._seen and not force:
            return False
        self._seen = mark
        self.city.schedule.overlay(self.all())
        return True

    def _where(self, closure: Closure, now: datetime) -> tuple:
        tz = self.city.tz
        lo = datetime.combine(closure.day, time(0), tz)
        hi = datetime.combine(closure.day + timedelta(days=1), time(0), tz)
        a = AppointmentRow
        where = [a.status.in_(_ACTIVE), a.slot_start >= max(lo, now), a.slot_start < hi]
        if closure.closes_at is not None:
            where.append(a.slot_end > datetime.combine(closure.day, closure.closes_at, tz))
        return tuple(where)


def _closure(row: OfficeClosure) -> Closure:
    reason = {"de": row.reason_de, **({"en": row.reason_en} if row.reason_en else {})}
    closes = time.fromisoformat(row.closes_at) if row.closes_at else None
    return Closure(row.day, reason, closes)
