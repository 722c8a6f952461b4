"""The must-show: a worker offering freed seats (a real `buergerbot staff waitlist` process)
killed with SIGKILL mid-way and started again; afterwards every freed seat was offered exactly
once, no waiter holds two offers, and each offer's notice is queued once. On SQLite and
PostgreSQL (the `db` fixture: the worker process opens the same database)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from office.booking import Booked
from office.waitlist import Wish
from storage.booking import BookingService
from storage.consistency import problems
from storage.cutover import CutoverService
from storage.models import OutboxRow, Seat, WaitlistOffer, WaitlistRelease
from storage.waitlist import Waitlist
from tests.outreach.test_kill import wait_until
from tests.storage.support import BERLIN_CONFIG, berlin

pytestmark = [pytest.mark.anyio, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
NOW = berlin(2021, 8, 23, 8, 0)  # before the cutover of 1 September, which frees every seat
WAITERS = 400


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def offered(db) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(WaitlistOffer))


async def test_every_freed_seat_is_offered_once_across_a_killed_worker(db, city):
    url = db.engine.url.render_as_string(hide_password=False)
    booking = BookingService(db, city)
    n = 0
    day = date(2021, 9, 1)
    while day <= date(2021, 9, 20):  # every seat of three weeks after the cutover
        for slot in booking.free_slots("personalausweis", NOW, day=day, limit=100):
            for _seat in range(city.booking.counters):
                n += 1
                made = booking.book(
                    slot.start, "personalausweis", f"P {n}", email=f"p{n}@example.org",
                    sender=f"web:{n}", now=NOW,
                )  # fmt: skip
                assert isinstance(made, Booked)
        day += timedelta(days=1)
    waitlist = Waitlist(db, city, booking)
    wish = Wish("personalausweis", 1, date(2021, 9, 1), date(2021, 9, 20))
    for w in range(WAITERS):
        waitlist.join(f"telegram:{w}", wish, NOW, name=f"W {w}", phone="0331 1234567")
    cut = CutoverService(db, city).run(date(2021, 9, 1), "staff:cli", NOW)
    assert cut.cancelled == n

    env = {**os.environ, "DATABASE_URL": url, "BUERGERBOT_CONFIG": str(BERLIN_CONFIG),
           "PYTHONPATH": str(ROOT)}  # fmt: skip
    command = (sys.executable, "-m", "bot.cli", "staff", "waitlist", "--now", NOW.isoformat())
    first = await asyncio.create_subprocess_exec(*command, env=env, cwd=ROOT,
                                                 stdout=asyncio.subprocess.PIPE)  # fmt: skip
    await wait_until(lambda: offered(db) >= n // 3, 120, "a third of the seats offered")
    first.send_signal(signal.SIGKILL)
    await first.wait()
    assert first.returncode == -signal.SIGKILL
    killed_at = offered(db)
    assert n // 3 <= killed_at < n, "the worker finished before it could be killed"

    second = await asyncio.create_subprocess_exec(*command, env=env, cwd=ROOT,
                                                  stdout=asyncio.subprocess.PIPE)  # fmt: skip
    out, _ = await asyncio.wait_for(second.communicate(), 300)
    assert second.returncode == 0

    with db.read() as s:
        releases = s.execute(select(WaitlistRelease.id, WaitlistRelease.state)).all()
        offers = s.execute(
            select(WaitlistOffer.id, WaitlistOffer.release_id, WaitlistOffer.entry_id)
        ).all()
        notices = s.scalars(select(OutboxRow.dedupe_key).where(OutboxRow.campaign == "waitlist"))
        notices = list(notices)
        held = s.execute(select(Seat.slot_start, Seat.seat).where(Seat.hold_id.is_not(None)))
        held = held.all()
    assert len(releases) == n and {state for _, state in releases} == {"offered"}
    assert Counter(r for _, r, _ in offers) == {r: 1 for r, _ in releases}, "a seat offered twice"
    assert max(Counter(e for _, _, e in offers).values()) == 1, "a waiter with two offers"
    assert sorted(notices) == sorted(f"waitlist:offer:{i}" for i, _, _ in offers)
    assert len(set(held)) == len(held) == n
    assert problems(db, city.booking, NOW) == []  # nothing half-written by the killed worker
    print(f"\n{n} freed seats, killed after {killed_at} offers; {out.decode().strip()}")
