"""A worker process killed (SIGKILL) in the middle of a booking leaves no partial booking: the
database rolls its open transaction back, every appointment keeps all its seats, and a hold the
dead worker left behind frees its seat when it expires."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.services import build_services
from app.settings import Settings
from office.booking import Booked
from storage.consistency import problems
from storage.models import AppointmentRow, Hold, Seat
from tests.prod.booker import NOW, SERVICE

ROOT = Path(__file__).resolve().parents[2]
BOOKED_FIRST = 3


def run_and_kill(url: str, stage: str) -> list[str]:
    """The codes the worker reported booked before it froze at `stage` and was killed."""
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.prod.booker", url, stage, str(BOOKED_FIRST)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    codes = []
    try:
        for line in worker.stdout:
            if line.startswith("BOOKED"):
                codes.append(line.split()[1])
            elif line.startswith("FROZEN"):
                os.kill(worker.pid, signal.SIGKILL)
                break
    finally:
        worker.kill()
        worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL, "the worker ended before it froze"
    return codes


def counts(db) -> tuple[int, int, int]:
    with db.read() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(t)) for t in (AppointmentRow, Hold, Seat)
        )


pytestmark = pytest.mark.slow


@pytest.mark.parametrize("stage", ["holds", "appointments", "audit"])
def test_a_worker_killed_inside_a_booking_leaves_nothing_half_written(pg_database, stage):
    ctx = build_services(Settings(database_url=pg_database), upgrade=True)
    db = ctx.db
    try:
        codes = run_and_kill(pg_database, stage)
        assert len(codes) == BOOKED_FIRST
        with db.read() as s:
            assert sorted(s.scalars(select(AppointmentRow.code))) == sorted(codes)
        # Only committed rows: the frozen hold or booking rolled back whole; a booking's hold,
        # committed before, stays with its seat until it expires.
        held = 0 if stage == "holds" else 1
        assert counts(db) == (BOOKED_FIRST, held, BOOKED_FIRST + held)
        assert problems(db, ctx.city.booking, NOW) == []
    finally:
        db.dispose()


def test_a_hold_left_by_a_killed_worker_frees_its_seat_when_it_expires(pg_database):
    ctx = build_services(Settings(database_url=pg_database), upgrade=True)
    db = ctx.db
    try:
        run_and_kill(pg_database, "held")
        assert counts(db) == (BOOKED_FIRST, 1, BOOKED_FIRST + 1)
        with db.read() as s:
            slot = s.scalar(select(Hold.slot_start))
        counters = ctx.city.booking.counters

        def book_all(now, tag: str) -> int:
            outcomes = [
                ctx.booking.book(
                    slot,
                    SERVICE,
                    "Vorname Nachname",
                    email=f"{tag}{i}@example.org",
                    sender=f"test:{tag}{i}",
                    now=now,
                )  # fmt: skip
                for i in range(counters)
            ]
            return sum(isinstance(o, Booked) for o in outcomes)

        assert book_all(NOW, "early") == counters - 1  # the orphaned hold still counts
        expired = NOW + timedelta(minutes=ctx.city.booking.hold_minutes, seconds=1)
        assert book_all(expired, "late") == 1  # then its seat is free again
        assert problems(db, ctx.city.booking, expired) == []
    finally:
        db.dispose()
