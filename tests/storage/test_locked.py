"""A SQLite file another process keeps locked costs one wait for its lock timeout; the writes of
the next lock timeout then only try the lock, without waiting: a turn with several writes (the
web's rate windows, then the conversation) waits once, not once per write, and the first write
after the lock is gone goes through. Reads go on."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import event, text

from storage.db import open_database
from storage.errors import DatabaseUnavailable
from storage.timeouts import Timeouts


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def busy_waits(db) -> list[int]:
    """The busy timeout (ms) each write that met the lock was given."""
    found: list[int] = []

    @event.listens_for(db.engine, "handle_error")
    def failed(context) -> None:
        if "database is locked" in str(context.original_exception):
            info = context.connection.connection.info
            found.append(info.get("busy_ms", int(db.timeouts.lock_s * 1000)))

    return found


@pytest.fixture
def locked(tmp_path):
    path = tmp_path / "locked.db"
    db = open_database(f"sqlite:///{path}", timeouts=Timeouts(lock_s=0.2))
    db.upgrade()
    db.clock = Clock()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process's open write transaction
    yield db, busy_waits(db), other
    other.close()
    db.dispose()


def write(db) -> None:
    with db.connection(write=True) as c:
        c.execute(text("DELETE FROM counters WHERE key = 'x'"))


def test_the_first_write_waits_and_the_next_ones_only_try(locked):
    db, waits, other = locked
    for _ in range(3):
        with pytest.raises(DatabaseUnavailable, match="locked"):
            write(db)
    assert waits == [200, 1, 1]
    with db.read() as s:  # reads go on (WAL)
        assert s.execute(text("SELECT count(*) FROM counters")).scalar() == 0


def test_the_first_write_after_the_lock_is_gone_goes_through(locked):
    db, waits, other = locked
    with pytest.raises(DatabaseUnavailable):
        write(db)
    other.execute("ROLLBACK")
    write(db)
    assert waits == [200]


def test_a_lock_timeout_after_the_last_failure_a_write_waits_again(locked):
    db, waits, other = locked
    with pytest.raises(DatabaseUnavailable):
        write(db)
    db.clock.now += 0.1
    with pytest.raises(DatabaseUnavailable):
        write(db)  # only tried: still locked, and found so again
    db.clock.now += 0.25
    with pytest.raises(DatabaseUnavailable):
        write(db)
    assert waits == [200, 1, 200]
