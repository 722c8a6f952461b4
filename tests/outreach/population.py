"""Many booked citizens at once, written straight into the tables (booking 10,000 through the
booking service would take minutes and test nothing here).

Channel mix by index: Telegram chats (some also with an e-mail address), e-mail only, web
widget with a phone number only, and phone only. Every e-mail address was proven (a booking's
code), so notices may go there. Every fifth person writes English.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import insert

from office.booking import CODE_ALPHABET
from storage.db import Database
from storage.models import Account, AppointmentRow, Person, Seat

KINDS = ("telegram", "telegram", "telegram", "email", "web", "telegram_email", "phone")
SERVICES = ("personalausweis", "reisepass", "wohnsitz_anmelden", "meldebescheinigung")
CHAT_BASE = 5_000_000


@dataclass
class Population:
    """Who was made: chat id, e-mail or web sender per person index."""

    telegram: dict[int, int] = field(default_factory=dict)  # person index -> chat id
    email: dict[int, str] = field(default_factory=dict)
    web: dict[int, str] = field(default_factory=dict)
    phone_only: set[int] = field(default_factory=set)
    codes: list[str] = field(default_factory=list)

    def kind(self, i: int) -> str:
        if i in self.telegram:
            return "telegram"
        if i in self.email:
            return "email"
        return "web" if i in self.web else "phone"


def code(i: int) -> str:
    digits = []
    for _ in range(5):
        i, r = divmod(i, len(CODE_ALPHABET))
        digits.append(CODE_ALPHABET[r])
    return "BB-" + "".join(reversed(digits))


def populate(
    db: Database, n: int, first_slot: datetime, booked_at: datetime, kinds=KINDS, offset: int = 0
) -> Population:
    """`n` persons with one appointment each, 3 seats per 15-minute slot, 08:00–18:00 daily."""
    made = Population()
    persons, accounts, appointments, seats = [], [], [], []
    slots = _slots(first_slot)
    for i in range(offset, offset + n):
        kind = kinds[i % len(kinds)]
        lang = "en" if i % 5 == 4 else "de"
        email = f"p{i}@example.org" if kind in ("email", "telegram_email") else None
        phone = None if email else f"+49151{i:08d}"
        persons.append(
            {"key": f"email:{email}" if email else f"phone:{phone}", "name": f"P {i}",
             "email": email, "phone": phone, "language": lang, "created_at": booked_at,
             "updated_at": booked_at, "verified_at": booked_at if email else None}
        )  # fmt: skip
        sender = None
        if kind.startswith("telegram"):
            made.telegram[i] = CHAT_BASE + i
            sender = f"telegram:{CHAT_BASE + i}"
        elif kind == "web":
            made.web[i] = sender = f"web:w{i}"
        elif kind == "email":
            made.email[i] = email
        else:
            made.phone_only.add(i)
        if sender:
            channel = sender.split(":")[0]
            accounts.append({"person": len(persons) - 1, "sender": sender, "channel": channel,
                             "created_at": booked_at})  # fmt: skip
        start, seat = next(slots)
        made.codes.append(code(i))
        appointments.append(
            {"code": code(i),
             "service_id": SERVICES[i % len(SERVICES)], "slot_start": start,
             "slot_end": start + timedelta(minutes=15), "seat": seat, "household_size": 1,
             "status": "booked", "person": len(persons) - 1, "person_key": persons[-1]["key"],
             "person_slot": 1, "sender": sender, "account_slot": 1 if sender else None,
             "channel": sender.split(":")[0] if sender else None, "name": f"P {i}",
             "language": lang, "created_at": booked_at, "updated_at": booked_at}
        )  # fmt: skip
        seats.append({"slot_start": start, "seat": seat, "appointment": len(appointments) - 1})
    with db.write() as s:
        person_ids = _insert(s, Person, persons)
        _insert(s, Account, _linked(accounts, "person", person_ids))
        appointment_ids = _insert(s, AppointmentRow, _linked(appointments, "person", person_ids))
        _insert(s, Seat, _linked(seats, "appointment", appointment_ids))
    return made


def _insert(s, model, rows: list[dict]) -> list[int]:
    """Ids in the order of `rows` (the database numbers them, so later inserts do not clash)."""
    ids: list[int] = []
    table = model.__table__
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    for k in range(0, len(rows), 1000):
        ids += s.connection().execute(statement, rows[k : k + 1000]).scalars().all()
    return ids


def _linked(rows: list[dict], ref: str, ids: list[int]) -> list[dict]:
    """`ref` (an index into the rows inserted before) replaced by `ref`_id."""
    return [{**{k: v for k, v in r.items() if k != ref}, f"{ref}_id": ids[r[ref]]} for r in rows]


def _slots(first: datetime):
    day = first
    while True:
        for minutes, seat in itertools.product(range(0, 600, 15), (1, 2, 3)):
            start = day.replace(hour=8, minute=0) + timedelta(minutes=minutes)
            if start >= first:
                yield start, seat
        day += timedelta(days=1)
