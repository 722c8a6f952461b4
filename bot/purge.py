"""The scheduled purge: retention applied every `retention.purge_every_minutes`, inside
`buergerbot serve` (every worker process runs a schedule, the lease lets one purge) and in
`buergerbot staff purge --schedule` (the compose job). A holder renews the lease each round;
when it dies, another takes over once the lease has run out (two rounds)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import datetime

from bot.delivery.worker import stopped_within
from bot.offload import offload
from storage import leases
from storage.db import Database
from storage.retention import LEASE, PurgeReport, Retention

log = logging.getLogger(__name__)


@dataclass
class PurgeSchedule:
    retention: Retention
    db: Database
    clock: Callable[[], datetime]
    holder: str = field(default_factory=leases.holder_id)

    @property
    def every(self) -> float:
        """Seconds between rounds, from the config."""
        return self.retention.periods.purge_every_minutes * 60.0

    def tick(self) -> PurgeReport | None:
        """One round: purge if this process holds (or takes) the lease; None if another does."""
        now = self.clock()
        if not leases.acquire(self.db, LEASE, self.holder, now, 2 * self.every):
            return None
        report = self.retention.scheduled(now, self.holder)
        if report is not None:
            log.info(
                "retention purge: %d appointments anonymised, %d persons and %d rows deleted, "
                "%d forms dropped",
                report.appointments_anonymised,
                report.persons_deleted,
                report.rows_deleted,
                report.forms_dropped,
            )
        return report

    async def run(self, stop: asyncio.Event) -> None:
        """Rounds until `stop` is set; the lease is given back at the end."""
        try:
            while not stop.is_set():
                try:
                    await offload(self.tick)
                except Exception:  # noqa: BLE001 - logged; tried again next round
                    log.exception("scheduled purge failed")
                await stopped_within(stop, self.every)
        finally:
            await offload(leases.release, self.db, LEASE, self.holder)


@contextlib.asynccontextmanager
async def purge_lifespan(schedule: PurgeSchedule) -> AsyncIterator[None]:
    """For the web server: the schedule runs as long as the app."""
    stop = asyncio.Event()
    task = asyncio.create_task(schedule.run(stop))
    try:
        yield
    finally:
        stop.set()
        await asyncio.wait([task], timeout=30)
