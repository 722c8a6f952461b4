"""Contact reach: appointments grouped by person, each group with the way to reach its person
(the newest chat that still accepts messages, else e-mail or phone). Used by the cutover and
the reminders to queue one notice per person or appointment.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from office.booking import Appointment
from office.city import City
from office.senders import channel_of
from storage.appointments import appointment_view
from storage.models import Account, AppointmentRow, Person, UndeliverableChat
from storage.outbox import Route, route

CHUNK = 500  # ids per IN (...) list


@dataclass(frozen=True)
class Reach:
    """One person (or one appointment) to tell, and how."""

    key: str
    person_id: int | None
    lang: str
    route: Route
    appointments: list[Appointment]


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
            Person.verified_at,
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
                route(
                    list(dict.fromkeys(preferred)),
                    head.email if _may_email(head) else None,
                    head.phone,
                    blocked,
                ),  # fmt: skip
                [appointment_view(r, city.tz) for r in items],
            )
        )
    return found


def _may_email(r: Row) -> bool:
    """E-mail goes to a proven address, or to one that was never waiting for a proof: given on
    the web (booked only once proven, or before proofs existed: their appointments keep their
    notices), to staff or at the command line. An address typed in a Telegram chat waits for
    its link (the chat is the way to reach them meanwhile): it may be anybody's."""
    return r.verified_at is not None or not (r.sender and channel_of(r.sender) == "telegram")


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
