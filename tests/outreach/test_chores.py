"""The worker's chores (event consumers, reminders) run on a server with neither Telegram nor
SMTP: the waitlist and other subscribers must not depend on a Telegram token or an SMTP
server (e-mail then goes to the local mail drop)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from app.services import build_services
from app.settings import Settings
from bot.delivery.service import run_worker
from bot.delivery.worker import DeliveryWorker
from office.lifecycle import AppointmentBooked
from storage.outbox import Outbox
from tests.storage.support import berlin

pytestmark = pytest.mark.anyio
NOW = berlin(2021, 9, 13, 8, 0)
TUE_9 = berlin(2021, 9, 14, 9, 0)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_consumers_run_without_telegram_or_smtp(db, city, tmp_path):
    services = build_services(Settings(mail_drop=tmp_path / "mail"), city=city, db=db)
    assert services.settings.channels == ("email",)  # into the mail drop
    booked = services.booking.book(
        TUE_9, "personalausweis", "Anna", email="a@example.org", sender="web:a", now=NOW
    )
    stop, loop, seen = asyncio.Event(), asyncio.get_running_loop(), []

    def consume(session, event) -> None:  # runs in the worker's thread
        seen.append(event.event.code)
        loop.call_soon_threadsafe(stop.set)

    services.consumers.subscribe("test", [AppointmentBooked], consume)
    await asyncio.wait_for(run_worker(services, stop=stop, clock=lambda: NOW), 60)
    assert seen == [booked.appointment.code]


async def test_chores_repeat_on_the_workers_clock_not_the_wall(db):
    rounds: list = []
    waits: list[float] = []
    stop = asyncio.Event()

    async def sleep(seconds: float) -> None:  # the chores' wait, stepped at once
        waits.append(seconds)
        await asyncio.sleep(0)

    def chore(now) -> None:
        rounds.append(now)
        if len(rounds) == 3:
            stop.set()

    ticks = iter(NOW + timedelta(minutes=i) for i in range(1000))
    worker = DeliveryWorker(
        Outbox(db), [], lambda: next(ticks), chores=[chore], chore_every=60, sleep=sleep
    )
    assert await asyncio.wait_for(worker.run(stop), 60)
    assert len(rounds) == 3 and rounds == sorted(rounds)
    assert 60 in waits  # a whole minute between rounds, taken without waiting for it
