"""Persons as the union of their proven keys (office.identity) in the database: linked in the
transaction of the proof, counted in the transaction of the booking.

Race safety: a booking locks the `identities` row of every person its keys belong to (in id
order) and only then counts their appointments, so two bookings under two keys of one person
take turns and the second sees the first (PostgreSQL: SELECT … FOR UPDATE, and READ COMMITTED
gives the count after the wait a fresh snapshot; SQLite: BEGIN IMMEDIATE lets one writer in at
a time). A link locks the persons it merges the same way. A person a concurrent link folded
away is found gone after the wait, and the keys are looked up again.

Keys without a person (never proven together with another) cost one indexed lookup: their
own per-key limit (`storage.booking`) is all there is to count.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    Connection,
    CursorResult,
    Result,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)

from office.identity import Counted, plan_union
from office.lifecycle import ACTIVE
from storage.models import AppointmentRow, Identity, IdentityKey, NoShow, Person
from storage.upsert import dialect_insert

_ACTIVE = tuple(s.value for s in ACTIVE)


def persons_of(c: Connection, keys: Iterable[str]) -> dict[str, int]:
    """Key → person, for the keys that have one."""
    rows = c.execute(
        select(IdentityKey.key, IdentityKey.identity_id).where(IdentityKey.key.in_(list(keys)))
    )
    return {key: identity for key, identity in rows}


def _lock(c: Connection, persons: Iterable[int]) -> set[int]:
    """Lock the persons' rows in id order; those that still exist."""
    query = select(Identity.id).where(Identity.id.in_(sorted(persons))).order_by(Identity.id)
    return set(c.scalars(query.with_for_update()))


def lock_persons(c: Connection, keys: Sequence[str]) -> dict[int, frozenset[str]]:
    """The persons `keys` belong to, locked until the transaction ends, each with all its keys."""
    locked: set[int] = set()
    while True:
        found = set(persons_of(c, keys).values())
        if found <= locked:
            break
        locked |= _lock(c, found - locked)
    if not locked:
        return {}
    keys_of: dict[int, set[str]] = {p: set() for p in locked}
    for key, person in c.execute(
        select(IdentityKey.key, IdentityKey.identity_id).where(IdentityKey.identity_id.in_(locked))
    ):
        keys_of[person].add(key)
    return {p: frozenset(k) for p, k in keys_of.items() if k}


def active_appointments(c: Connection, keys: Iterable[str], now: datetime) -> list[Counted]:
    """The active appointments not yet over at `now` that any of `keys` holds, as contact key
    or as the chat that booked them."""
    wanted = sorted(set(keys))
    a = AppointmentRow
    rows = c.execute(
        select(a.id, a.person_key, a.sender).where(
            a.status.in_(_ACTIVE),
            a.slot_end > now,
            or_(a.person_key.in_(wanted), a.sender.in_(wanted)),
        )
    )
    return [Counted(r.id, r.person_key, r.sender) for r in rows]


def no_shows(c: Connection, keys: Iterable[str]) -> list[datetime]:
    """When the no-shows held against any of `keys` happened: against the chat, or against the
    person of the mailbox (a no-show names a person only once their address was proven)."""
    wanted = sorted(set(keys))
    mailboxes = select(Person.id).where(Person.key.in_(wanted))
    query = select(NoShow.at).where(or_(NoShow.sender.in_(wanted), NoShow.person_id.in_(mailboxes)))
    return list(c.scalars(query))


def link(c: Connection, keys: Sequence[str], now: datetime) -> int | None:
    """Make `keys` (all proven by one act) one person; that person, or None for a lone key."""
    if len(set(keys)) < 2:
        return None
    key_insert = (
        dialect_insert(c.dialect.name, IdentityKey)
        .on_conflict_do_nothing()
        .returning(IdentityKey.key)
    )
    while True:
        found = persons_of(c, keys)
        plan = plan_union({k: found.get(k) for k in keys})
        if plan is None:
            person = found[keys[0]]
            c.execute(
                update(IdentityKey).where(IdentityKey.key.in_(list(keys))).values(linked_at=now)
            )
            return person
        wanted = plan.absorbed | ({plan.target} if plan.target is not None else set())
        if _lock(c, wanted) != wanted or persons_of(c, keys) != found:
            continue  # a concurrent link moved them: look again
        target = plan.target
        if target is None:
            target = c.scalar(insert(Identity).values(created_at=now).returning(Identity.id))
        if plan.absorbed:
            c.execute(
                update(IdentityKey)
                .where(IdentityKey.identity_id.in_(plan.absorbed))
                .values(identity_id=target)
            )
            c.execute(delete(Identity).where(Identity.id.in_(plan.absorbed)))
        raced = False
        for k in sorted(plan.new_keys):
            row = {"key": k, "identity_id": target, "linked_at": now}
            raced |= c.scalar(key_insert.values(row)) is None
        if raced:
            continue  # a concurrent link gave one of them a person: merge with it
        c.execute(update(IdentityKey).where(IdentityKey.key.in_(list(keys))).values(linked_at=now))
        return target


def unlink(c: Connection, keys: Iterable[str]) -> int:
    """Forget `keys` (erasure); persons left with one key or none go too. Rows deleted."""
    gone = _count(c.execute(delete(IdentityKey).where(IdentityKey.key.in_(list(keys)))))
    return gone + prune(c)


def prune(c: Connection) -> int:
    """Delete the persons with fewer than two keys (one key alone is no link) and their keys."""
    lone = (
        select(IdentityKey.identity_id).group_by(IdentityKey.identity_id).having(func.count() > 1)
    )
    keys = _count(c.execute(delete(IdentityKey).where(IdentityKey.identity_id.not_in(lone))))
    persons = _count(c.execute(delete(Identity).where(Identity.id.not_in(lone))))
    return keys + persons


def _count(result: Result[Any]) -> int:
    """The rows a DML statement matched."""
    return cast(CursorResult[Any], result).rowcount
