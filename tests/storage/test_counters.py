"""Shared rate windows and single-use marks: the same answers from the database and Redis,
and from two limiters (two workers) over one storage."""

from __future__ import annotations

import uuid

import pytest
from limits.storage import RedisStorage

from bot.web.limits import RateLimiter
from bot.web.proof import ProofOfWork
from storage.counters import DatabaseStorage
from tests.web.webfakes import solve

REDIS = "redis://127.0.0.1:6379"


class Clock:
    def __init__(self, t: float = 1_000_000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


@pytest.fixture(params=["db", "redis"])
def storages(request, db):
    """Two storages over one place, as two workers have; plus the clock they read."""
    clock = Clock()
    if request.param == "db":
        yield DatabaseStorage(db, clock=clock), DatabaseStorage(db, clock=clock), clock
        return
    prefix = f"bb-test-{uuid.uuid4().hex[:10]}"
    first = RedisStorage(REDIS, key_prefix=prefix)
    if not first.check():
        pytest.skip("NO REDIS at 127.0.0.1:6379")
    yield first, RedisStorage(REDIS, key_prefix=prefix), None
    first.reset()


def test_two_workers_share_one_window(storages):
    a, b, clock = storages
    one = RateLimiter(a, "ip", per_minute=60, burst=4, **({"clock": clock} if clock else {}))
    other = RateLimiter(b, "ip", per_minute=60, burst=4, **({"clock": clock} if clock else {}))
    answers = [(one if i % 2 else other).allow("198.51.100.7") for i in range(6)]
    assert answers[:4] == [0.0] * 4 and all(w >= 1 for w in answers[4:])
    assert one.allow("198.51.100.8") == 0.0  # another address has its own window


def test_a_window_ends_and_says_when(storages):
    a, _, clock = storages
    if clock is None:
        pytest.skip("Redis keeps its own time; the window's end is checked on the database")
    limiter = RateLimiter(a, "sender", per_minute=6, burst=3, clock=clock)
    assert [limiter.allow("web:x") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.allow("web:x") == 30.0  # 3 more after the 30 s that 6/min needs for them
    clock.t += 30
    assert limiter.allow("web:x") == 0.0


def test_a_proof_of_work_counts_once_across_workers(storages):
    a, b, clock = storages
    times = {"clock": clock} if clock else {}
    first = ProofOfWork("shared", max_number=500, used=a, **times)
    second = ProofOfWork("shared", max_number=500, used=b, **times)
    solution = solve(first.challenge("web:a"))
    assert first.verify("web:a", solution) is True
    assert second.verify("web:a", solution) is False
    assert first.verify("web:a", solution) is False
    assert second.verify("web:a", solve(second.challenge("web:a"))) is True


def test_expired_windows_are_swept(db):
    clock = Clock()
    storage = DatabaseStorage(db, clock=clock)
    storage.incr("old", 10)
    clock.t += 11
    storage.rand.randrange = lambda n: 0  # this write sweeps
    storage.incr("new", 10)
    assert storage.get("old") == 0 and storage.get("new") == 1
    from sqlalchemy import func, select

    from storage.models import Counter

    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Counter)) == 1
