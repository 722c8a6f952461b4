"""The outbox: notices written in the transaction that causes them, drained by one worker.

A row's life (`OutboxState`): queued -> sending -> delivered | failed | undeliverable (or back to
queued, with backoff, after a fault that sent nothing). Rows become `sending` in one commit for
a few at a time (`claim`), right before their sends all start, and leave it by a result that
names the attempt it belongs to, so a stale result cannot touch a later attempt; results are
recorded a batch per commit (`settle`). While `sending`, `next_attempt_at` is the attempt's lease.

One worker at a time holds the lease named `outbox` (renewed while it runs; claims succeed only
while it holds it). A worker that takes the lease over finds the `sending` rows of the one that
died and resolves them as in doubt: such a notice may have arrived, so a chat message is not
sent again (the row fails as "in doubt" and is counted in the report); an e-mail is, under the
same Message-ID, which mail systems use to drop the rare duplicate.

Web rows need no worker: the web app hands them to the citizen's open widget, or at the next
visit, by `take_web`.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import bindparam, case, exists, func, select, text, tuple_, update
from sqlalchemy.orm import Session

from office.elapsed import after
from storage import leases
from storage.db import Database
from storage.models import Callback, OutboxRow, Person, WorkerLease
from storage.upsert import dialect_insert


class OutboxState(StrEnum):
    queued = "queued"
    sending = "sending"
    delivered = "delivered"
    failed = "failed"
    undeliverable = "undeliverable"


OPEN = (OutboxState.queued, OutboxState.sending)  # not yet at an end
NOT_ARRIVED = (OutboxState.failed, OutboxState.undeliverable)
LEASE = "outbox"
CHAT_CHANNELS = ("telegram", "web")
NO_CHANNEL = "none"  # reachable by phone only: staff call them
IN_DOUBT = "in doubt: the worker stopped while sending; not sent again to avoid a duplicate"
RESEND_IN_DOUBT = frozenset({"email"})  # the receiver drops a duplicate by its Message-ID
MAX_ATTEMPTS = 6
BACKOFF_S = 5.0  # doubled per attempt, capped
MAX_BACKOFF_S = 900.0
SENDING_LEASE_S = 120.0
_PLAIN_ENDS = (OutboxState.delivered, OutboxState.failed)  # a result that changes nothing else


@dataclass(frozen=True)
class Route:
    channel: str  # telegram, web, email, none
    address: str  # the chat's sender ("telegram:123"), the e-mail address, or a phone number


def route(
    senders: Sequence[str], email: str | None, phone: str | None, undeliverable: set[str]
) -> Route:
    """How to reach a person: a Telegram chat that takes messages, else e-mail, else the web
    widget (shown at the next visit), else nobody but staff on the phone. `senders` come in
    order of preference (the chat the appointment was booked from first)."""
    for prefix in ("telegram:", None, "web:"):
        if prefix is None:
            if email:
                return Route("email", email)
            continue
        for sender in senders:
            if sender.startswith(prefix) and sender not in undeliverable:
                return Route(prefix[:-1], sender)
    return Route(NO_CHANNEL, phone or "")


def new_row(
    route_: Route,
    payload: dict[str, Any],
    dedupe_key: str,
    campaign: str,
    now: datetime,
    person_id: int | None = None,
) -> dict[str, Any]:
    """An outbox row to insert; one nobody can receive is born undeliverable (the report lists
    it for a phone call)."""
    unreachable = route_.channel == NO_CHANNEL
    return {
        "person_id": person_id,
        "channel": route_.channel,
        "address": route_.address,
        "payload": payload,
        "state": OutboxState.undeliverable if unreachable else OutboxState.queued,
        "attempts": 0,
        "next_attempt_at": now,
        "last_error": "no chat and no e-mail address" if unreachable else None,
        "dedupe_key": dedupe_key[:200],
        "campaign": campaign[:64],
        "created_at": now,
        "updated_at": now,
    }


def insert_rows(s: Session, rows: list[dict[str, Any]]) -> int:
    """Insert, skipping rows whose dedupe key exists (a notice is queued once); how many new."""
    if not rows:
        return 0
    dialect = s.get_bind().dialect.name
    table = OutboxRow.__table__
    statement = (
        dialect_insert(dialect, table)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(table.c.id)
    )
    added = 0
    for i in range(0, len(rows), 1000):
        added += len(s.connection().execute(statement, rows[i : i + 1000]).all())
    return added


@dataclass(frozen=True)
class Message:
    """A row claimed for one send."""

    id: int
    channel: str
    address: str
    payload: dict[str, Any]
    attempts: int
    campaign: str | None = None
    button_ids: tuple[str, ...] = ()  # Telegram: the keyboard's short callback ids


@dataclass
class Recovery:
    requeued: int = 0
    in_doubt: int = 0


@dataclass
class Report:
    """Outbox rows by channel and state (one campaign or all), and the in-doubt ones."""

    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    in_doubt: int = 0

    def total(self, state: OutboxState | None = None) -> int:
        return sum(c[state] if state else sum(c.values()) for c in self.counts.values())


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(MAX_BACKOFF_S, BACKOFF_S * 2 ** max(0, attempts - 1)))


_WEB_WAITING = (
    select(OutboxRow.id)
    .where(
        OutboxRow.address == bindparam("sender"),
        OutboxRow.state == OutboxState.queued,
        OutboxRow.channel == "web",
    )
    .limit(1)
)


def _claim_statement() -> Any:
    """`Outbox.claim`'s one statement, built once: building it costs more than running it."""
    lease_held = exists().where(
        WorkerLease.name == LEASE,
        WorkerLease.holder == bindparam("holder"),
        WorkerLease.expires_at > bindparam("now"),
    )
    free = (
        select(OutboxRow.id)
        .where(
            OutboxRow.id.in_(bindparam("ids", expanding=True)),
            OutboxRow.state == OutboxState.queued,
        )
        .with_for_update(skip_locked=True)
    )
    return (
        update(OutboxRow)
        .where(OutboxRow.id.in_(free), OutboxRow.state == OutboxState.queued, lease_held)
        .values(
            state=OutboxState.sending,
            attempts=OutboxRow.attempts + 1,
            next_attempt_at=bindparam("lease"),
            updated_at=bindparam("now"),
        )
        .returning(
            OutboxRow.id,
            OutboxRow.channel,
            OutboxRow.address,
            OutboxRow.payload,
            OutboxRow.attempts,
            OutboxRow.campaign,
        )
    )


_CLAIM = _claim_statement()


@dataclass(frozen=True)
class Result:
    """How one claimed attempt ended: delivered, failed, undeliverable, or queued again
    (a retry; `after` is the wait flood control named)."""

    message: Message
    state: OutboxState
    error: str | None = None
    after: timedelta | None = None


class Outbox:
    def __init__(self, db: Database, max_attempts: int = MAX_ATTEMPTS):
        self.db = db
        self.max_attempts = max_attempts

    @contextmanager
    def _quick(self) -> Iterator[Session]:
        """A write for one row's state: on PostgreSQL without waiting for the disk flush. Only
        a crash of the database server itself could lose it, and then the row is merely in
        doubt (or queued again), never sent twice by a worker's own mistake."""
        with self.db.write() as s:
            if not self.db.is_sqlite:
                s.execute(text("SET LOCAL synchronous_commit TO OFF"))
            yield s

    # The worker's lease

    def acquire(self, holder: str, now: datetime, ttl: float) -> bool:
        """Take or renew the lease; False while another live worker holds it."""
        return leases.acquire(self.db, LEASE, holder, now, ttl)

    def release(self, holder: str) -> None:
        leases.release(self.db, LEASE, holder)

    def recover(self, now: datetime) -> Recovery:
        """Resolve the `sending` rows a dead worker left (call right after taking the lease:
        as the lease holder sends alone, every such row is an orphan)."""
        found = Recovery()
        resend = OutboxRow.channel.in_(RESEND_IN_DOUBT)
        with self.db.write() as s:
            found.requeued = s.execute(
                update(OutboxRow)
                .where(OutboxRow.state == OutboxState.sending, resend)
                .values(state=OutboxState.queued, next_attempt_at=now, updated_at=now)
            ).rowcount
            found.in_doubt = s.execute(
                update(OutboxRow)
                .where(OutboxRow.state == OutboxState.sending, ~resend)
                .values(state=OutboxState.failed, last_error=IN_DOUBT, updated_at=now)
            ).rowcount
        return found

    # Sending

    def due(
        self,
        channel: str,
        now: datetime,
        limit: int,
        skip: Iterable[str] = (),
    ) -> list[tuple[int, str]]:
        """(id, address) of rows ready to send, oldest first; `skip` addresses are resting."""
        query = (
            select(OutboxRow.id, OutboxRow.address)
            .where(
                OutboxRow.state == OutboxState.queued,
                OutboxRow.channel == channel,
                OutboxRow.next_attempt_at <= now,
            )
            .order_by(OutboxRow.next_attempt_at, OutboxRow.id)
            .limit(limit)
        )
        resting = list(skip)
        if resting:
            query = query.where(OutboxRow.address.not_in(resting))
        with self.db.read() as s:
            return [(i, a) for i, a in s.execute(query)]

    def claim(self, row_ids: Sequence[int], holder: str, now: datetime) -> list[Message]:
        """queued -> sending for these rows in one commit, only while `holder` holds the lease;
        rows that moved on (or that a concurrent claim holds: PostgreSQL skips them instead of
        waiting) are left out. Call it right before all their sends start: a row in `sending`
        is one whose send may have begun. A Telegram keyboard's callback ids are made in the
        same transaction."""
        params = {"ids": list(row_ids), "holder": holder, "now": now,
                  "lease": after(now, timedelta(seconds=SENDING_LEASE_S))}  # fmt: skip
        with self._quick() as s:
            rows = s.connection().execute(_CLAIM, params).all()  # built once; Core, no ORM
            claimed, callbacks = [], []
            for row in sorted(rows, key=lambda r: r.id):
                ids: tuple[str, ...] = ()
                buttons = row.payload.get("buttons") or []
                if row.channel == "telegram" and buttons:
                    ids, made = _keyboard(row.address, [b["payload"] for b in buttons], now)
                    callbacks += made
                claimed.append(Message(row.id, row.channel, row.address, row.payload,
                                       row.attempts, row.campaign, ids))  # fmt: skip
            if callbacks:
                s.connection().execute(Callback.__table__.insert(), callbacks)  # all at once
            return claimed

    def settle(self, results: Sequence[Result], now: datetime) -> list[OutboxState]:
        """The attempts' results in one commit; each row's new state (a retry whose attempts
        are used up fails). A result whose row has moved on changes nothing."""
        with self._quick() as s:
            for state in _PLAIN_ENDS:
                self._end(s, [r for r in results if r.state is state], state, now)
            return [r.state if r.state in _PLAIN_ENDS else self._apply(s, r, now)
                    for r in results]  # fmt: skip

    @staticmethod
    def _end(s: Session, results: list[Result], state: OutboxState, now: datetime) -> None:
        """Delivered (or failed) attempts in one statement per state, not one per row: at a
        high rate the commits' statements are the worker's cost. `_set`'s rule, for many."""
        for error in {r.error for r in results}:
            attempts = [(r.message.id, r.message.attempts) for r in results if r.error == error]
            for i in range(0, len(attempts), 400):  # SQLite's limit of bound parameters
                s.connection().execute(
                    update(OutboxRow)
                    .where(
                        tuple_(OutboxRow.id, OutboxRow.attempts).in_(attempts[i : i + 400]),
                        OutboxRow.state == OutboxState.sending,
                    )
                    .values(state=state, last_error=(error or "")[:200] or None, updated_at=now)
                )

    def delivered(self, m: Message, now: datetime) -> None:
        self.settle([Result(m, OutboxState.delivered)], now)

    def retry(self, m: Message, now: datetime, error: str, after: timedelta | None = None) -> str:
        """Back to the queue after a fault that sent nothing (see `_apply`); the new state."""
        return self.settle([Result(m, OutboxState.queued, error, after)], now)[0]

    def _apply(self, s: Session, r: Result, now: datetime) -> OutboxState:
        m, error = r.message, (r.error or "")[:200] or None
        if r.state is OutboxState.queued:
            # Failed once the attempts are used up, except after flood control (`after`), which
            # only delays. (Attempts only ever grow: a result names its attempt, so a stale one
            # finds no row.)
            if r.after is None and m.attempts >= self.max_attempts:
                self._set(s, m, now, state=OutboxState.failed, last_error=error)
                return OutboxState.failed
            wait = r.after if r.after is not None else backoff(m.attempts)
            self._set(s, m, now, state=OutboxState.queued, last_error=error,
                      next_attempt_at=after(now, wait))  # fmt: skip
            return OutboxState.queued
        changed = self._set(s, m, now, state=r.state, last_error=error)
        if r.state is OutboxState.undeliverable and changed and m.channel != "email":
            self._fall_back(s, m, now)
        return r.state

    @staticmethod
    def _fall_back(s: Session, m: Message, now: datetime) -> None:
        """The chat refuses (a blocked bot): a person who also proved an e-mail address gets
        the notice that way instead, queued in the same transaction."""
        row = s.execute(
            select(OutboxRow.person_id, OutboxRow.dedupe_key, Person.email)
            .join(Person, Person.id == OutboxRow.person_id)
            .where(OutboxRow.id == m.id, Person.verified_at.is_not(None))
        ).first()
        if row is not None and row.email:
            fallback = new_row(Route("email", row.email), m.payload, f"{row.dedupe_key}:email",
                               m.campaign or "", now, row.person_id)  # fmt: skip
            insert_rows(s, [fallback])

    @staticmethod
    def _set(s: Session, m: Message, now: datetime, **values: Any) -> bool:
        """The attempt's result; False when the row has moved on (a stale result)."""
        changed = (
            s.connection()
            .execute(
                update(OutboxRow)
                .where(
                    OutboxRow.id == m.id,
                    OutboxRow.state == OutboxState.sending,
                    OutboxRow.attempts == m.attempts,
                )
                .values(updated_at=now, **values)
            )
            .rowcount
        )
        return bool(changed)

    def open_count(self, channels: Iterable[str]) -> int:
        """Rows of `channels` not yet at an end (queued or sending)."""
        with self.db.read() as s:
            return s.scalar(
                select(func.count())
                .select_from(OutboxRow)
                .where(
                    OutboxRow.channel.in_(list(channels)),
                    OutboxRow.state.in_(OPEN),
                )
            )

    def next_due(self, channels: Iterable[str]) -> datetime | None:
        with self.db.read() as s:
            return s.scalar(
                select(func.min(OutboxRow.next_attempt_at)).where(
                    OutboxRow.channel.in_(list(channels)),
                    OutboxRow.state == OutboxState.queued,
                )
            )

    # The web widget: handed over when the citizen is there

    def take_web(self, sender: str, now: datetime) -> list[Message]:
        """The sender's queued web notices, marked delivered in one statement (oldest first).

        Asked on every web message, so a read decides first whether there is anything to take:
        almost always there is not, and no write transaction is spent on it.
        """
        with self.db.connection() as c:
            if c.execute(_WEB_WAITING, {"sender": sender}).first() is None:
                return []
        with self.db.write() as s:
            rows = s.execute(
                update(OutboxRow)
                .where(
                    OutboxRow.channel == "web",
                    OutboxRow.address == sender,
                    OutboxRow.state == OutboxState.queued,
                )
                .values(
                    state=OutboxState.delivered, attempts=OutboxRow.attempts + 1, updated_at=now
                )
                .returning(
                    OutboxRow.id,
                    OutboxRow.address,
                    OutboxRow.payload,
                    OutboxRow.attempts,
                    OutboxRow.campaign,
                )  # fmt: skip
            ).all()
        found = [Message(r.id, "web", r.address, r.payload, r.attempts, r.campaign) for r in rows]
        return sorted(found, key=lambda m: m.id)

    def take_for(self, address: str, now: datetime) -> list[Message]:
        """Every queued notice to `address` on any channel, marked delivered (oldest first):
        how transcripts and tests read what a worker would have sent."""
        with self.db.write() as s:
            rows = s.execute(
                update(OutboxRow)
                .where(OutboxRow.address == address, OutboxRow.state == "queued")
                .values(state="delivered", attempts=OutboxRow.attempts + 1, updated_at=now)
                .returning(
                    OutboxRow.id,
                    OutboxRow.channel,
                    OutboxRow.payload,
                    OutboxRow.attempts,
                    OutboxRow.campaign,
                )  # fmt: skip
            ).all()
        found = [Message(r.id, r.channel, address, r.payload, r.attempts, r.campaign) for r in rows]
        return sorted(found, key=lambda m: m.id)

    def give_back(self, messages: Sequence[Message], now: datetime) -> None:
        """Web notices that did not reach the widget after all: queued again."""
        if not messages:
            return
        with self.db.write() as s:
            s.execute(
                update(OutboxRow)
                .where(OutboxRow.id.in_([m.id for m in messages]))
                .values(state=OutboxState.queued, updated_at=now)
            )

    def web_waiting(self, senders: Iterable[str]) -> set[str]:
        """Which of `senders` have web notices waiting."""
        wanted = list(senders)
        if not wanted:
            return set()
        with self.db.read() as s:
            return set(
                s.scalars(
                    select(OutboxRow.address)
                    .where(
                        OutboxRow.channel == "web",
                        OutboxRow.state == OutboxState.queued,
                        OutboxRow.address.in_(wanted),
                    )
                    .distinct()
                )
            )

    # Reports

    def report(self, campaign: str | None = None, prefix: str | None = None) -> Report:
        """Counts by channel and state, for one campaign, campaigns starting with `prefix`,
        or everything."""
        doubt = case((OutboxRow.last_error == IN_DOUBT, 1), else_=0)
        query = select(OutboxRow.channel, OutboxRow.state, func.count(), func.sum(doubt))
        if campaign is not None:
            query = query.where(OutboxRow.campaign == campaign)
        elif prefix is not None:
            query = query.where(OutboxRow.campaign.like(f"{prefix}%"))
        report = Report()
        with self.db.read() as s:
            for channel, state, n, doubtful in s.execute(
                query.group_by(OutboxRow.channel, OutboxRow.state)
            ):
                report.counts[channel][state] = n
                report.in_doubt += doubtful or 0
        return report

    def problems(self, campaign: str, limit: int = 200) -> list[tuple[str, str, str, str | None]]:
        """(channel, address, state, error) of rows that did not arrive, for staff to follow up."""
        with self.db.read() as s:
            rows = s.execute(
                select(OutboxRow.channel, OutboxRow.address, OutboxRow.state, OutboxRow.last_error)
                .where(
                    OutboxRow.campaign == campaign,
                    OutboxRow.state.in_(NOT_ARRIVED),
                )
                .order_by(OutboxRow.id)
                .limit(limit)
            )
            return [tuple(r) for r in rows]


def _keyboard(
    sender: str, payloads: list[str], now: datetime
) -> tuple[tuple[str, ...], list[dict[str, Any]]]:
    """Callback ids for a notice's buttons (one keyboard, one tap), fresh for each attempt,
    and their rows to insert."""
    ids = [secrets.token_urlsafe(12) for _ in payloads]
    rows = [
        {"id": i, "keyboard": ids[0], "sender": sender, "payload": p, "created_at": now}
        for i, p in zip(ids, payloads, strict=True)
    ]
    return tuple(ids), rows


def digest(text: str) -> str:
    """A short stable fingerprint (dedupe keys of broadcasts)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
