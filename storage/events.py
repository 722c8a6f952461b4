"""The events table: domain events appended in the transaction of the change, and read by
consumers after a cursor of their own.

A consumer handles a batch inside one write transaction that also advances its cursor, so its
own writes (an offer, an outbox row) and the cursor commit together: a worker killed midway
leaves the batch to be handled again, and two workers of one consumer queue on the cursor row
instead of handling a batch twice. A handler that raises rolls the batch back and is retried
on the next pass.

Order: a cursor is the last id handled, so ids must become visible in the order they grow.
PostgreSQL draws ids when a row is inserted, not when it commits: two transactions can commit
ids 8 and 7 in that order, and a reader between them would move past 7 for good. So events are
inserted as the transaction commits, under a transaction-scoped advisory lock: the next
transaction with events draws its ids only once this one is visible. The lock is held for the
insert and the commit only, after every other statement, so it can take part in no deadlock;
writers without events never touch it. SQLite has one writer at a time anyway.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import event, insert, select, text, update
from sqlalchemy.orm import Session

from office.lifecycle import Event, event_from
from storage.db import Database
from storage.models import EventCursor, EventRow
from storage.upsert import insert_missing

BATCH = 100
_PENDING = "buergerbot.events"  # Session.info key of the events waiting for the commit
_ORDER_LOCK = text("SELECT pg_advisory_xact_lock(727465)")  # one key: "the events table"


@dataclass(frozen=True)
class Stored:
    """An event as a consumer gets it: its position, when, and the event itself."""

    id: int
    at: datetime
    event: Event


def append(s: Session, now: datetime, events: Iterable[tuple[str | None, Event]]) -> None:
    """Record `(appointment code, event)` pairs with the caller's transaction (at its commit)."""
    s.info.setdefault(_PENDING, []).extend(
        {"at": now, "kind": e.kind, "appointment_code": code, "payload": e.payload()}
        for code, e in events
    )


def replace_codes(s: Session, mapping: dict[str, str]) -> None:
    """Rewrite appointment codes in the events stored and in those waiting for the commit (an
    erasure puts a placeholder where a code was)."""
    for row in s.info.get(_PENDING, []):
        if row["appointment_code"] in mapping:
            row["appointment_code"] = mapping[row["appointment_code"]]
            row["payload"] = _replaced(row["payload"], mapping)
    stored = select(EventRow.id, EventRow.appointment_code, EventRow.payload).where(
        EventRow.appointment_code.in_(list(mapping))
    )
    for id_, code, payload in s.execute(stored).all():
        s.execute(
            update(EventRow)
            .where(EventRow.id == id_)
            .values(appointment_code=mapping[code], payload=_replaced(payload, mapping))
        )


def _replaced(payload: dict, mapping: dict[str, str]) -> dict:
    return {k: mapping.get(v, v) if isinstance(v, str) else v for k, v in payload.items()}


@event.listens_for(Session, "before_commit")
def _insert_pending(s: Session) -> None:
    rows = s.info.pop(_PENDING, None)
    if not rows:
        return
    if s.get_bind().dialect.name == "postgresql":
        s.execute(_ORDER_LOCK)
    s.execute(insert(EventRow), rows)


@event.listens_for(Session, "after_rollback")
def _drop_pending(s: Session) -> None:
    s.info.pop(_PENDING, None)


Handler = Callable[[Session, Stored], None]


class EventLog:
    """The reader side: events after a consumer's cursor, handled and acknowledged at once."""

    def __init__(self, db: Database):
        self.db = db

    def handle(
        self,
        consumer: str,
        handler: Handler,
        now: datetime,
        kinds: Sequence[str] | None = None,
        limit: int = BATCH,
    ) -> int:
        """Hand the next events (of `kinds`) to `handler`, in order, and move the cursor past
        them, all in one transaction; the number handled."""
        with self.db.write() as s:
            batch = self._after(s, self._claim(s, consumer, now), kinds, limit)
            for stored in batch:
                handler(s, stored)
            if batch:
                s.execute(
                    update(EventCursor)
                    .where(EventCursor.consumer == consumer)
                    .values(event_id=batch[-1].id, updated_at=now)
                )
            return len(batch)

    def pending(self, consumer: str, kinds: Sequence[str] | None = None) -> list[Stored]:
        """The events the consumer has not handled yet (a look, nothing claimed)."""
        with self.db.read() as s:
            cursor = s.get(EventCursor, consumer)
            return self._after(s, cursor.event_id if cursor else 0, kinds, None)

    def _claim(self, s: Session, consumer: str, now: datetime) -> int:
        """The consumer's cursor, locked until the transaction ends (made at the start)."""
        values = {"consumer": consumer, "event_id": 0, "updated_at": now}
        insert_missing(s, EventCursor, values, ["consumer"])
        query = select(EventCursor.event_id).where(EventCursor.consumer == consumer)
        if not self.db.is_sqlite:  # BEGIN IMMEDIATE already keeps other writers out
            query = query.with_for_update()
        return s.execute(query).scalar_one()

    def _after(
        self, s: Session, last: int, kinds: Sequence[str] | None, limit: int | None
    ) -> list[Stored]:
        e = EventRow
        query = select(e.id, e.at, e.kind, e.payload).where(e.id > last)
        if kinds is not None:
            query = query.where(e.kind.in_(kinds))
        query = query.order_by(e.id).limit(limit)
        return [
            Stored(id_, at, event_from(kind, payload))
            for id_, at, kind, payload in s.execute(query)
        ]


@dataclass(frozen=True)
class Subscription:
    consumer: str  # the cursor's name: unique, and kept when the code around it changes
    kinds: tuple[str, ...]
    handler: Handler


class EventConsumers:
    """The one registration point for event consumers in a process (see `app` bootstrap);
    `run` is a chore of the delivery worker, so one lease holder drives every consumer."""

    def __init__(self, log: EventLog):
        self.log = log
        self._subscriptions: dict[str, Subscription] = {}

    def subscribe(
        self, consumer: str, kinds: Iterable[type[Event]], handler: Handler
    ) -> Subscription:
        if consumer in self._subscriptions:
            raise ValueError(f"consumer {consumer!r} is subscribed already")
        subscription = Subscription(consumer, tuple(k.kind for k in kinds), handler)
        self._subscriptions[consumer] = subscription
        return subscription

    def run(self, now: datetime) -> int:
        """One pass: every consumer handles what is waiting for it, batch by batch."""
        handled = 0
        for sub in self._subscriptions.values():
            while n := self.log.handle(sub.consumer, sub.handler, now, sub.kinds):
                handled += n
                if n < BATCH:
                    break
        return handled
