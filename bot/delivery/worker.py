"""The delivery worker: drains the outbox through each channel's sender, paced, once.

Only the holder of the outbox lease sends (several server processes may all start a worker;
the others wait on standby and take over within a lease period if it dies). The lease holder also
runs the periodic chores (reminders, the event consumers), with or without a lane: a server with
no Telegram token and no SMTP still advances the consumers. Each row is claimed
in its own commit right before its one send and its result is recorded right after, so a worker
stopped at any moment leaves at most its in-flight rows in doubt (see `storage.outbox`); a
graceful stop (SIGTERM, Ctrl-C, server shutdown) finishes them first.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from bot.delivery.pacing import Pacer
from storage import leases
from storage.outbox import Message, Outbox

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivered:
    pass


@dataclass(frozen=True)
class Retry:
    """Nothing was sent; try again later (`after`: flood control named the wait)."""

    error: str
    after: float | None = None


@dataclass(frozen=True)
class Failed:
    error: str


@dataclass(frozen=True)
class Undeliverable:
    """The address refuses messages (a blocked bot, an unknown mailbox)."""

    error: str


Outcome = Delivered | Retry | Failed | Undeliverable


class Sender(Protocol):
    channel: str

    async def send(self, message: Message) -> Outcome: ...

    async def close(self) -> None: ...


@dataclass
class Lane:
    """One channel's sender, its pacing and how many sends may be in flight at once."""

    sender: Sender
    pacer: Pacer
    concurrency: int = 8
    claim_time: float = 0.0  # how long a claim's commit usually takes (moving average)

    @property
    def channel(self) -> str:
        return self.sender.channel


Listener = Callable[[str, str], None]  # (channel, new state) after each result


@dataclass
class DeliveryWorker:
    outbox: Outbox
    lanes: Sequence[Lane]
    clock: Callable[[], datetime]
    lease_ttl: float = 15.0
    poll: float = 1.0
    batch: int = 200
    listener: Listener | None = None
    chores: Sequence[Callable[[datetime], object]] = ()  # run by the lease holder (reminders)
    chore_every: float = 60.0
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep  # every wait; tests step it
    holder: str = field(default_factory=leases.holder_id)

    @property
    def channels(self) -> list[str]:
        return [lane.channel for lane in self.lanes]

    async def run(self, stop: asyncio.Event | None = None, drain: bool = False) -> bool:
        """Standby until this worker holds the lease, then send until `stop` is set (or, with
        `drain`, until none of its channels has a row left to send). False if stopped while
        on standby."""
        stop = stop or asyncio.Event()
        while not await asyncio.to_thread(self.outbox.acquire, self.holder, self.clock(),
                                          self.lease_ttl):  # fmt: skip
            if await self.stopped_within(stop, self.lease_ttl / 3):
                return False
        recovered = await asyncio.to_thread(self.outbox.recover, self.clock())
        if recovered.requeued or recovered.in_doubt:
            log.warning(
                "took over the outbox: %d rows in doubt, %d sent again",
                recovered.in_doubt,
                recovered.requeued,
            )
        lanes_done = asyncio.Event()
        try:
            renew = asyncio.create_task(self._renew(stop, lanes_done))
            chores = asyncio.create_task(self._chores(lanes_done))
            if self.lanes:
                await asyncio.gather(*(self._lane(lane, stop, drain) for lane in self.lanes))
            elif not drain:
                await stop.wait()  # chores only
            lanes_done.set()
            await asyncio.gather(renew, chores)
        finally:
            await asyncio.to_thread(self.outbox.release, self.holder)
        return True

    async def _renew(self, stop: asyncio.Event, done: asyncio.Event) -> None:
        """Keep the lease while the lanes run; losing it (a long stall) stops them."""
        while not await self.stopped_within(done, self.lease_ttl / 3):
            held = await asyncio.to_thread(
                self.outbox.acquire, self.holder, self.clock(), self.lease_ttl
            )
            if not held:
                log.error("lost the outbox lease; stopping")
                stop.set()

    async def _chores(self, done: asyncio.Event) -> None:
        """The periodic jobs that must run once (reminders, releases), until the lanes end."""
        while self.chores and not done.is_set():
            for chore in self.chores:
                try:
                    await asyncio.to_thread(chore, self.clock())
                except Exception:  # noqa: BLE001 - logged; tried again next round
                    log.exception("periodic job failed")
            await self.stopped_within(done, self.chore_every)

    async def _lane(self, lane: Lane, stop: asyncio.Event, drain: bool) -> None:
        inflight: set[asyncio.Task] = set()
        slots = asyncio.Semaphore(lane.concurrency)
        while not stop.is_set():
            due = await asyncio.to_thread(
                self.outbox.due, lane.channel, self.clock(), self.batch, lane.pacer.resting()
            )
            if not due:
                if drain and await self._finished(lane, inflight):
                    break
                await self.stopped_within(stop, min(self.poll, lane.pacer.per_address))
                continue
            for row_id, address in due:
                if stop.is_set():
                    break
                if not lane.pacer.may_send(address):
                    continue  # this chat rests; the next round takes it
                await slots.acquire()
                # The claim's commit overlaps the end of the wait (by its usual duration), so
                # a row is `sending` only for the moment before its send.
                await lane.pacer.turn(lead=2 * lane.claim_time)
                began = time.monotonic()
                message = await asyncio.to_thread(
                    self.outbox.claim, row_id, self.holder, self.clock()
                )
                lane.claim_time = min(0.9 * lane.claim_time + 0.1 * (time.monotonic() - began),
                                      lane.pacer.interval)  # fmt: skip
                if message is None:
                    slots.release()
                    continue
                await lane.pacer.turn()
                lane.pacer.sent(address)
                task = asyncio.create_task(self._deliver(lane, message, slots))
                inflight.add(task)
                task.add_done_callback(inflight.discard)
        if inflight:
            await asyncio.gather(*inflight)

    async def _finished(self, lane: Lane, inflight: set[asyncio.Task]) -> bool:
        if inflight:
            await asyncio.wait(inflight)
        return await asyncio.to_thread(self.outbox.open_count, [lane.channel]) == 0

    async def _deliver(self, lane: Lane, m: Message, slots: asyncio.Semaphore) -> None:
        try:
            outcome = await lane.sender.send(m)
        except Exception as e:  # a fault of ours before the send: try again later
            log.exception("sending outbox row %d failed", m.id)
            outcome = Retry(f"internal error: {type(e).__name__}")
        finally:
            slots.release()
        if isinstance(outcome, Retry) and outcome.after is not None:
            lane.pacer.pause(outcome.after)
        state = await asyncio.to_thread(self._record, m, outcome, self.clock())
        if self.listener:
            self.listener(m.channel, state)

    async def stopped_within(self, stop: asyncio.Event, seconds: float) -> bool:
        return await stopped_within(stop, seconds, self.sleep)

    def _record(self, m: Message, outcome: Outcome, now: datetime) -> str:
        match outcome:
            case Delivered():
                self.outbox.delivered(m, now)
                return "delivered"
            case Undeliverable(error):
                self.outbox.undeliverable(m, now, error)
                return "undeliverable"
            case Failed(error):
                self.outbox.failed(m, now, error)
                return "failed"
            case Retry(error, after):
                wait = timedelta(seconds=after) if after is not None else None
                return self.outbox.retry(m, now, error, wait)
        raise TypeError(f"not an outcome: {outcome!r}")


async def stopped_within(
    stop: asyncio.Event,
    seconds: float,
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
) -> bool:
    """Sleep up to `seconds` (by `sleep`); True as soon as `stop` is set."""
    if stop.is_set():
        return True
    stopped, slept = asyncio.ensure_future(stop.wait()), asyncio.ensure_future(sleep(seconds))
    try:
        await asyncio.wait((stopped, slept), return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopped.cancel()
        slept.cancel()
    return stop.is_set()
