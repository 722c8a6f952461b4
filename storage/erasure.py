"""Erasure (GDPR Art. 17) and access (Art. 15): everything stored about one person, found once.

A request names a person by contact (e-mail or phone, matched by the canonical person key of
`office.contacts`), by appointment code or by chat sender. `scope` gathers from there what
belongs to them: their person rows, the chats they booked from, their addresses and every
appointment code. One map of table → condition then serves the dry run (counts), the export
(rows) and the erasure (deletes), so the three cannot disagree about what "their data" is.

Erasing, in one transaction: future appointments are cancelled through the life cycle (seats
freed, `SeatFreed` announced), every appointment is purged (name, contact and links gone), and
its code is replaced everywhere it stays — the appointment, audit and event rows — by a random
placeholder that nothing can turn back into the code. Every other row that holds their data is
deleted. Audit rows and events stay, so the office can still account for what happened.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import phonenumbers
from sqlalchemy import ColumnElement, Table, delete, false, func, or_, select, update
from sqlalchemy.orm import Session

from office.booking import normalize_code
from office.city import City
from office.contacts import Contact, Email, canonical_email, normalize_contact
from office.lifecycle import ACTIVE, Transition
from office.verification import CheckOutcome
from storage import audit, events, identities, verification
from storage.db import Database
from storage.lifecycle import Lifecycle
from storage.models import (
    Account,
    AppointmentRow,
    AuditRow,
    Callback,
    Conversation,
    Counter,
    EventRow,
    Hold,
    IdentityKey,
    NoShow,
    OutboxRow,
    Person,
    Seat,
    Subscriber,
    UndeliverableChat,
    VerificationRow,
    WaitlistEntry,
    WaitlistOffer,
)
from storage.outbox import Route, insert_rows, new_row

_SEPARATORS = re.compile(r"[\s\-/().]")
PLACEHOLDER = "X-"  # an erased appointment's code becomes X- and 16 random hex digits
# never exported: hashes of codes and link tokens (no use to the citizen, and a hash of a
# six-digit code is a riddle solved in seconds)
SECRET_COLUMNS = frozenset({"code_salt", "code_hash", "token_hash"})


@dataclass(frozen=True)
class Request:
    """Whom an erasure or access request names (one or more of these)."""

    email: str | None = None
    phone: str | None = None
    code: str | None = None
    sender: str | None = None


@dataclass(frozen=True)
class Scope:
    """What belongs to the person a request names."""

    person_ids: frozenset[int] = frozenset()
    senders: frozenset[str] = frozenset()  # chat accounts ("telegram:4711")
    addresses: frozenset[str] = frozenset()  # e-mail addresses and phone numbers as stored
    codes: frozenset[str] = frozenset()  # their appointments' codes
    conversations: frozenset[str] = frozenset()  # chats whose state names them


@dataclass(frozen=True)
class Report:
    """Rows per table a request touches: deleted, or anonymised (appointments, audit, events)."""

    counts: dict[str, int]
    cancelled: int = 0  # future appointments cancelled (their seats freed)
    done: bool = False  # False: a dry run, nothing changed

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class _Found:
    persons: set[int] = field(default_factory=set)
    senders: set[str] = field(default_factory=set)
    addresses: set[str] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)


class Erasure:
    """Find, export and erase one person's data (staff on a written request, or the chat)."""

    def __init__(self, db: Database, city: City, lifecycle: Lifecycle):
        self.db = db
        self.prefix = city.booking.code_prefix
        self.lifecycle = lifecycle

    def scope(self, s: Session, request: Request) -> Scope:
        found = _Found()
        if request.email:
            parsed = canonical_email(request.email)
            if isinstance(parsed, Email):
                found.keys.add(f"email:{parsed.mailbox}")
                found.addresses.add(parsed.address)
        if request.phone:
            contact = normalize_contact(None, request.phone)
            if isinstance(contact, Contact) and contact.phone:
                found.keys.add(contact.key)
                found.addresses.add(contact.phone)
                found.persons |= set(
                    s.scalars(select(Person.id).where(Person.phone == contact.phone))
                )
        if request.code:
            code = normalize_code(request.code, self.prefix)
            row = s.execute(
                select(AppointmentRow.code, AppointmentRow.person_id).where(
                    AppointmentRow.code == code
                )
            ).first()
            if row is not None:
                found.codes.add(row.code)
                if row.person_id is not None:
                    found.persons.add(row.person_id)
        if request.sender:
            found.senders.add(request.sender)
            found.persons |= set(
                s.scalars(select(Account.person_id).where(Account.sender == request.sender))
            )
            found.persons |= {  # the persons it booked for (linked to the chat or not)
                p
                for p in s.scalars(
                    select(AppointmentRow.person_id).where(AppointmentRow.sender == request.sender)
                )
                if p is not None
            }
        if found.keys:
            found.persons |= set(s.scalars(select(Person.id).where(Person.key.in_(found.keys))))
        if found.persons:
            for key, email, phone in s.execute(
                select(Person.key, Person.email, Person.phone).where(Person.id.in_(found.persons))
            ):
                found.keys.add(key)
                found.addresses |= {a for a in (email, phone) if a}
            found.senders |= set(
                s.scalars(select(Account.sender).where(Account.person_id.in_(found.persons)))
            )
        a = AppointmentRow
        whose: list[ColumnElement[bool]] = [
            a.person_id.in_(found.persons),
            a.person_key.in_(found.keys),
        ]
        if request.sender:
            whose.append(a.sender == request.sender)
        found.codes |= set(s.scalars(select(a.code).where(or_(*whose))))
        # the chats they booked from (a chat is linked to a person only once it proved the
        # contact, so the appointments name chats the accounts may not)
        found.senders |= {
            x for x in s.scalars(select(a.sender).where(a.code.in_(found.codes))) if x
        }
        found.codes |= set(
            s.scalars(
                select(NoShow.appointment_code).where(
                    or_(NoShow.person_id.in_(found.persons), NoShow.sender.in_(found.senders))
                )
            )
        )
        return Scope(
            frozenset(found.persons),
            frozenset(found.senders),
            frozenset(found.addresses),
            frozenset(found.codes),
            frozenset(self._conversations(s, found)),
        )

    def _conversations(self, s: Session, found: _Found) -> set[str]:
        """The chats of their senders, and any other whose state holds their contact or a code
        (a form left half-filled in a chat that never booked). A scan, but of a table the
        retention keeps small, for a request that comes rarely."""
        chats = set(
            s.scalars(select(Conversation.sender).where(Conversation.sender.in_(found.senders)))
        )
        needles = {_needle(n) for n in found.addresses | found.codes}
        if needles:
            for sender, state in s.execute(select(Conversation.sender, Conversation.state)):
                text = _SEPARATORS.sub("", json.dumps(state, ensure_ascii=False).casefold())
                if any(n in text for n in needles):
                    chats.add(sender)
        return chats

    def dry_run(self, request: Request, now: datetime) -> tuple[Scope, Report]:
        """What `erase` would touch, counted per table, and how many appointments ahead it would
        cancel; nothing changes."""
        with self.db.read() as s:
            scope = self.scope(s, request)
            return scope, Report(self._counts(s, scope), len(self._ahead(s, scope, now)))

    def _counts(self, s: Session, scope: Scope) -> dict[str, int]:
        """The rows per table (those with any)."""
        counts = {
            table.name: s.scalar(select(func.count()).select_from(table).where(where)) or 0
            for table, where in self._tables(scope)
        }
        return {name: n for name, n in counts.items() if n}

    def export(self, request: Request) -> dict[str, list[dict[str, Any]]]:
        """Every row stored about the person, per table, JSON-ready (secrets left out)."""
        with self.db.read() as s:
            scope = self.scope(s, request)
            found: dict[str, list[dict[str, Any]]] = {}
            for table, where in self._tables(scope):
                rows = [
                    {k: _plain(v) for k, v in row._mapping.items() if k not in SECRET_COLUMNS}
                    for row in s.execute(select(table).where(where))
                ]
                if rows:
                    found[table.name] = rows
            return found

    def erase(self, request: Request, actor: str, now: datetime) -> Report:
        """Cancel their future appointments, purge the rest and delete every row of theirs."""
        with self.db.write() as s:
            scope = self.scope(s, request)
            counts = self._counts(s, scope)
            if not counts:
                return Report({}, done=True)
            codes = sorted(scope.codes)
            cancelled = self.lifecycle.apply(
                s, Transition.CANCEL_BY_CITIZEN, self._ahead(s, scope, now), actor, now,
                reason="erasure",
            )  # fmt: skip
            self.lifecycle.apply(s, Transition.PURGE, codes, actor, now, reason="erasure")
            self._replace_codes(s, codes)
            kept = {AppointmentRow.__table__, AuditRow.__table__, EventRow.__table__}
            for table, where in self._tables(scope):
                if table not in kept:
                    if table is Hold.__table__:
                        s.execute(
                            delete(Seat).where(Seat.hold_id.in_(select(Hold.id).where(where)))
                        )
                    s.execute(delete(table).where(where))
            identities.prune(s.connection())  # the persons their keys made are no link now
            summary = ", ".join(f"{n} {name}" for name, n in counts.items())
            audit.record(s, now, actor, "erasure", detail=summary)
        return Report(counts, len(cancelled), done=True)

    def send_code(
        self,
        purpose: str,
        sender: str,
        address: str,
        now: datetime,
        ttl: timedelta,
        message: Callable[[str], dict[str, Any]],
    ) -> None:
        """A code for `purpose` (an erasure or an export asked for in the chat `sender`) to the
        e-mail `address`: the code and the outbox e-mail `message(code)` commit together."""
        with self.db.write() as s:
            issued = verification.issue(
                s, purpose, sender, now, ttl, address=address, sender=sender, link=False
            )
            assert issued.code is not None
            key = f"{purpose}-code:{secrets.token_hex(8)}"
            row = new_row(Route("email", address), message(issued.code), key, purpose, now)
            insert_rows(s, [row])

    def check_code(self, purpose: str, sender: str, code: str, now: datetime) -> CheckOutcome:
        """The code typed in the chat `sender` against the one sent (a wrong one is counted)."""
        with self.db.write() as s:
            return verification.check_code(s, purpose, sender, code, now)

    def send_export(
        self,
        request: Request,
        address: str,
        now: datetime,
        message: Callable[[str], dict[str, Any]],
    ) -> int:
        """The person's data as JSON in an e-mail `message(json)` to their verified `address`;
        the number of rows it holds (none: no e-mail)."""
        found = self.export(request)
        if not found:
            return 0
        text = json.dumps(found, ensure_ascii=False, indent=2, sort_keys=True)
        key = f"export:{secrets.token_hex(8)}"
        with self.db.write() as s:
            insert_rows(s, [new_row(Route("email", address), message(text), key, "export", now)])
        return sum(len(rows) for rows in found.values())

    def _ahead(self, s: Session, scope: Scope, now: datetime) -> list[str]:
        """The codes of their appointments still ahead and active (an erasure cancels them)."""
        return list(
            s.scalars(
                select(AppointmentRow.code).where(
                    AppointmentRow.code.in_(scope.codes),
                    AppointmentRow.status.in_([x.value for x in ACTIVE]),
                    AppointmentRow.slot_start > now,
                )
            )
        )

    def _replace_codes(self, s: Session, codes: Iterable[str]) -> None:
        """Each code, wherever it stays, by one random placeholder (the same in every table, so
        an erased appointment's audit rows and events still belong together)."""
        mapping = {code: PLACEHOLDER + secrets.token_hex(8).upper() for code in codes}
        for code, placeholder in mapping.items():
            s.execute(
                update(AppointmentRow).where(AppointmentRow.code == code).values(code=placeholder)
            )
            s.execute(
                update(AuditRow)
                .where(AuditRow.appointment_code == code)
                .values(appointment_code=placeholder)
            )
        events.replace_codes(s, mapping)

    def _tables(self, scope: Scope) -> list[tuple[Table, ColumnElement[bool]]]:
        """Each table that may hold the person's data, with the condition that finds it (the
        order is the order of deletion: rows that point at others go first)."""
        ids, senders, codes = scope.person_ids, scope.senders, scope.codes
        addresses = scope.addresses | senders
        a = AppointmentRow
        appointments = or_(a.person_id.in_(ids), a.code.in_(codes))
        counters = or_(false(), *(Counter.key.contains(f"/{x}/", autoescape=True) for x in senders))
        callbacks = or_(
            Callback.sender.in_(senders),
            *(Callback.payload.contains(code, autoescape=True) for code in codes),
        )
        outbox = or_(
            OutboxRow.person_id.in_(ids),
            OutboxRow.address.in_(addresses),
            *(OutboxRow.dedupe_key.contains(code, autoescape=True) for code in codes),
        )
        w = WaitlistEntry
        waiting = or_(w.holder.in_(senders), w.email.in_(addresses), w.phone.in_(addresses))
        conditions: list[tuple[Any, ColumnElement[bool]]] = [
            (a, appointments),
            (WaitlistOffer, WaitlistOffer.entry_id.in_(select(w.id).where(waiting))),
            (WaitlistEntry, waiting),
            (AuditRow, AuditRow.appointment_code.in_(codes)),
            (EventRow, EventRow.appointment_code.in_(codes)),
            (Hold, Hold.holder.in_(senders)),
            (OutboxRow, outbox),
            (Callback, callbacks),
            (Conversation, Conversation.sender.in_(scope.conversations)),
            (UndeliverableChat, UndeliverableChat.sender.in_(senders)),
            (Subscriber, Subscriber.address.in_(addresses)),
            (Counter, counters),
            (
                NoShow,
                or_(
                    NoShow.person_id.in_(ids),
                    NoShow.appointment_code.in_(codes),
                    NoShow.sender.in_(senders),
                ),
            ),
            (
                VerificationRow,
                or_(
                    VerificationRow.subject.in_([*codes, *senders]),
                    VerificationRow.address.in_(addresses),
                    VerificationRow.sender.in_(senders),
                ),
            ),
            (Account, or_(Account.person_id.in_(ids), Account.sender.in_(senders))),
            (
                IdentityKey,
                or_(
                    IdentityKey.key.in_(senders),
                    IdentityKey.key.in_(select(Person.key).where(Person.id.in_(ids))),
                ),
            ),
            (Person, Person.id.in_(ids)),
        ]
        return [(model.__table__, where) for model, where in conditions]


def _needle(value: str) -> str:
    """What to look for in text the citizen typed, where case and the separators of a phone
    number ("0171 555-0123") are folded away: a number in E.164 as its national digits, which
    every way of writing it contains."""
    if value.startswith("+"):
        try:
            return str(phonenumbers.parse(value).national_number)
        except phonenumbers.NumberParseException:
            pass
    return _SEPARATORS.sub("", value.casefold())


def _plain(value: Any) -> Any:
    """A column value as JSON has it (times in ISO 8601)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
