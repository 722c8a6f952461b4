"""The cutover: every active appointment from a date cancelled, and each affected person told
once, in one transaction.

The run is recorded (table `cutovers`), so running it again for the same date changes nothing
and queues nothing: it would otherwise cancel appointments citizens booked again afterwards.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from office.booking import CUTOVER_REASON
from office.city import City
from office.lifecycle import ACTIVE, Transition
from office.notices import CutoverCounts, CutoverNotices, CutoverResult
from storage import audit
from storage.db import Database
from storage.lifecycle import Lifecycle
from storage.models import AppointmentRow, CutoverRun
from storage.outbox import Outbox, Report, insert_rows, new_row
from storage.reach import Reach, reach

_ACTIVE = tuple(s.value for s in ACTIVE)


class CutoverService:
    def __init__(self, db: Database, city: City):
        self.db = db
        self.city = city
        self.lifecycle = Lifecycle(city.booking.slot_minutes)

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
            self.lifecycle.apply(
                s, Transition.CANCEL_BY_CUTOVER, codes, actor, now, reason=CUTOVER_REASON
            )
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
            audit.record(s, now, actor, "cutover", detail=summary)
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
