"""Leases: which process runs a singleton job (the delivery worker, the scheduled purge) until
when. A holder renews its lease while it works; another takes it over once it has expired.

`held` checks the lease inside the job's own transaction and keeps the row locked to its end,
so a takeover waits until a job that outlived its lease has committed: two holders never work
at once, even when one stalled past its expiry.
"""

from __future__ import annotations

import os
import secrets
import socket
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from office.elapsed import after
from storage.db import Database
from storage.models import WorkerLease
from storage.upsert import dialect_insert


def holder_id() -> str:
    """Who this process is, for a lease: host, process and a random part (a restart differs)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def acquire(db: Database, name: str, holder: str, now: datetime, ttl: float) -> bool:
    """Take or renew the lease `name` for `ttl` seconds; False while another live holder has it."""
    until = after(now, timedelta(seconds=ttl))
    with db.write() as s:
        statement = dialect_insert(s.get_bind().dialect.name, WorkerLease).values(
            name=name, holder=holder, expires_at=until
        )
        statement = statement.on_conflict_do_update(
            index_elements=["name"],
            set_={"holder": holder, "expires_at": until},
            where=(WorkerLease.holder == holder) | (WorkerLease.expires_at <= now),
        )
        s.execute(statement)
        return s.scalar(select(WorkerLease.holder).where(WorkerLease.name == name)) == holder


def release(db: Database, name: str, holder: str) -> None:
    with db.write() as s:
        s.execute(delete(WorkerLease).where(WorkerLease.name == name, WorkerLease.holder == holder))


def held(s: Session, name: str, holder: str, now: datetime) -> bool:
    """Whether `holder` holds the live lease `name`; its row stays locked until the caller's
    transaction ends (SQLite's BEGIN IMMEDIATE keeps other writers out anyway)."""
    query = select(WorkerLease.holder, WorkerLease.expires_at).where(WorkerLease.name == name)
    if s.get_bind().dialect.name != "sqlite":
        query = query.with_for_update()
    row = s.execute(query).first()
    return row is not None and row.holder == holder and row.expires_at > now
