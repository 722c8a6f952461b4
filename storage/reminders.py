"""Against no-shows: a reminder `reminder_hours` before an appointment ("Ich komme" /
"Absagen"), and the release of one still unconfirmed `reconfirm_hours` before it.

Only a reminder that can be answered is followed by a release: one that reached a chat (its
buttons) or an e-mail inbox (its "Ich komme" and "Absagen" links, each a token of its own);
and only when the citizen had at least half the intended time to answer (a late reminder,
after the worker was down, does not cost anyone their appointment). Appointments
booked closer than `reminder_hours` to their start get no reminder and are never released.
Each sweep is one transaction per step; the released seat is free at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from office.city import City
from office.elapsed import after, before
from office.lifecycle import Status, Transition
from office.notices import released_notice, reminder_notice
from office.verification import CANCEL, CONFIRM, Links
from storage.appointments import link_token
from storage.db import Database
from storage.lifecycle import Lifecycle
from storage.models import AppointmentRow, OutboxRow
from storage.outbox import CHAT_CHANNELS, OutboxState, insert_rows, new_row
from storage.reach import reach

RELEASED = "unconfirmed"  # the cancel reason of a released appointment
ANSWERABLE = (*CHAT_CHANNELS, "email")  # reminders one can answer: buttons, or the e-mail's links


@dataclass(frozen=True)
class Sweep:
    reminded: int
    released: int


class Reminders:
    def __init__(self, db: Database, city: City, links: Links | None = None):
        self.db = db
        self.city = city
        self.links = links or Links()
        self.policy = city.booking
        self.lifecycle = Lifecycle(self.policy.slot_minutes)

    def sweep(self, now: datetime) -> Sweep:
        reminded = self.remind(now)
        released = self.release(now) if self.policy.release_unconfirmed else 0
        return Sweep(reminded, released)

    def remind(self, now: datetime) -> int:
        ahead = timedelta(hours=self.policy.reminder_hours)
        a = AppointmentRow
        window = (
            a.status == Status.BOOKED.value,
            a.reminded_at.is_(None),
            a.slot_start > now,
            a.slot_start <= after(now, ahead),
        )
        with self.db.write() as s:
            booked_early = [
                code
                for code, created, start in s.execute(
                    select(a.code, a.created_at, a.slot_start).where(*window)
                )
                if created <= start - ahead
            ]
            where = (*window, a.code.in_(booked_early))
            due = reach(s, self.city, where, per_person=False, lock=not self.db.is_sqlite)
            rows = []
            for r in due:
                (appointment,) = r.appointments
                answerable = r.route.channel in CHAT_CHANNELS
                links = (
                    self._links(s, appointment.code, now) if r.route.channel == "email" else None
                )
                notice = reminder_notice(self.city, appointment, r.lang, answerable, links)
                key = f"reminder:{appointment.code}"
                campaign = f"reminder:{appointment.start.date().isoformat()}"
                rows.append(new_row(r.route, notice.payload(), key, campaign, now, r.person_id))
            codes = [r.appointments[0].code for r in due]
            for i in range(0, len(codes), 500):
                s.execute(update(a).where(a.code.in_(codes[i : i + 500])).values(reminded_at=now))
            insert_rows(s, rows)
        return len(rows)

    def _links(self, s: Session, code: str, now: datetime) -> tuple[str, str] | None:
        """The e-mail's "Ich komme" and "Absagen" links, each with a token of its own."""
        confirm, cancel = (link_token(s, p, code, now) for p in (CONFIRM, CANCEL))
        if not confirm or not cancel:
            return None
        return self.links.url(CONFIRM, confirm), self.links.url(CANCEL, cancel)

    def release(self, now: datetime) -> int:
        """Release what is still unconfirmed at the deadline, and tell the person."""
        deadline = timedelta(hours=self.policy.reconfirm_hours)
        answer = timedelta(hours=(self.policy.reminder_hours - self.policy.reconfirm_hours) / 2)
        a = AppointmentRow
        reminded_in_chat = select(OutboxRow.dedupe_key).where(  # or by e-mail, with links
            OutboxRow.dedupe_key == "reminder:" + a.code,
            OutboxRow.channel.in_(ANSWERABLE),
            OutboxRow.state == OutboxState.delivered,
        )
        where = (
            a.status == Status.BOOKED.value,
            a.slot_start > now,
            a.slot_start <= after(now, deadline),
            a.reminded_at <= before(now, answer),
            reminded_in_chat.exists(),
        )
        with self.db.write() as s:
            due = reach(s, self.city, where, per_person=False, lock=not self.db.is_sqlite)
            codes = [r.appointments[0].code for r in due]
            self.lifecycle.apply(s, Transition.RELEASE_UNCONFIRMED, codes, "system", now,
                                 reason=RELEASED)  # fmt: skip
            insert_rows(
                s,
                [
                    new_row(
                        r.route,
                        released_notice(self.city, r.appointments[0], r.lang).payload(),
                        f"released:{r.appointments[0].code}",
                        f"released:{r.appointments[0].start.date().isoformat()}",
                        now,
                        r.person_id,
                    )
                    for r in due
                ],
            )
        return len(codes)
