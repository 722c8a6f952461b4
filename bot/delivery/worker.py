"""The delivery worker: drains the outbox through each channel's sender, paced, once.

Only the holder of the outbox lease sends (several server processes may all start a worker;
the others wait on standby and take over within a lease period if it dies). The lease holder also
runs the periodic chores (reminders, the event consumers), with or without a lane: a server with
no Telegram token and no SMTP still advances the consumers. Rows are claimed a
small group per commit (as many as the pacing lets start within `GROUP_S`, at most the free
in-flight places) right before all their sends start, and results are recorded a batch per
commit as they come in, so a worker stopped at any moment leaves at most its in-flight rows in
doubt (see `storage.outbox`); a graceful stop (SIGTERM, Ctrl-C, server shutdown) finishes
them first. At Telegram's own rate a group is one row, as before; at a high rate (a city's own
Bot API server) the commits no longer limit the rate.
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
from bot.offload import offload
from storage import leases
from storage.outbox import Message, Outbox, OutboxState, Result

log = logging.getLogger(__name__)
GROUP_S = 0.01  # the span of the timeline one claim may cover


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
        while not await offload(self.outbox.acquire, self.holder, self.clock(),
                                          self.lease_ttl):  # fmt: skip
            if await self.stopped_within(stop, self.lease_ttl / 3):
                return False
        recovered = await offload(self.outbox.recover, self.clock())
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
            await offload(self.outbox.release, self.holder)
        return True

    async def _renew(self, stop: asyncio.Event, done: asyncio.Event) -> None:
        """Keep the lease while the lanes run; losing it (a long stall) stops them."""
        while not await self.stopped_within(done, self.lease_ttl / 3):
            held = await offload(self.outbox.acquire, self.holder, self.clock(), self.lease_ttl)
            if not held:
                log.error("lost the outbox lease; stopping")
                stop.set()

    async def _chores(self, done: asyncio.Event) -> None:
        """The periodic jobs that must run once (reminders, releases), until the lanes end."""
        while self.chores and not done.is_set():
            for chore in self.chores:
                try:
                    await offload(chore, self.clock())
                except Exception:  # noqa: BLE001 - logged; tried again next round
                    log.exception("periodic job failed")
            await self.stopped_within(done, self.chore_every)

    async def _lane(self, lane: Lane, stop: asyncio.Event, drain: bool) -> None:
        inflight: set[asyncio.Task] = set()
        slots = asyncio.Semaphore(lane.concurrency)
        results = _Results(self.outbox, self.clock, lane.channel, self.listener)
        while not stop.is_set():
            due = await offload(
                self.outbox.due, lane.channel, self.clock(), self.batch, lane.pacer.resting()
            )
            if not due:
                if drain and await self._finished(lane, inflight, results):
                    break
                await self.stopped_within(stop, min(self.poll, lane.pacer.per_address))
                continue
            rows = list(due)
            while rows and not stop.is_set():
                await slots.acquire()
                places = 1
                most = min(lane.concurrency, lane.pacer.group(GROUP_S))
                while places < most and not slots.locked():
                    await slots.acquire()  # free at once: no wait
                    places += 1
                group = _group(rows, places, lane.pacer)
                for _ in range(places - len(group)):
                    slots.release()
                if not group:
                    continue
                # The claim's commit overlaps the end of the wait (by its usual duration), so
                # rows are `sending` only for the moment before their sends.
                await lane.pacer.turn(lead=2 * lane.claim_time, count=len(group))
                began = time.monotonic()
                claimed = await offload(
                    self.outbox.claim, [i for i, _ in group], self.holder, self.clock()
                )
                lane.claim_time = min(0.9 * lane.claim_time + 0.1 * (time.monotonic() - began),
                                      lane.pacer.interval * len(group))  # fmt: skip
                for _ in range(len(group) - len(claimed)):
                    slots.release()
                if not claimed:
                    continue
                await lane.pacer.turn(count=len(claimed))
                lane.pacer.sent(*(m.address for m in claimed))
                for message in claimed:
                    task = asyncio.create_task(self._deliver(lane, message, slots, results))
                    inflight.add(task)
                    task.add_done_callback(inflight.discard)
        if inflight:
            await asyncio.gather(*inflight)
        await results.flushed()

    async def _finished(self, lane: Lane, inflight: set[asyncio.Task], results: _Results) -> bool:
        if inflight:
            await asyncio.wait(inflight)
        await results.flushed()
        return await offload(self.outbox.open_count, [lane.channel]) == 0

    async def _deliver(
        self, lane: Lane, m: Message, slots: asyncio.Semaphore, results: _Results
    ) -> None:
        try:
            outcome = await lane.sender.send(m)
        except Exception as e:  # a fault of ours before the send: try again later
            log.exception("sending outbox row %d failed", m.id)
            outcome = Retry(f"internal error: {type(e).__name__}")
        finally:
            slots.release()
        if isinstance(outcome, Retry) and outcome.after is not None:
            lane.pacer.pause(outcome.after)
        results.add(_as_result(m, outcome))

    async def stopped_within(self, stop: asyncio.Event, seconds: float) -> bool:
        return await stopped_within(stop, seconds, self.sleep)


def _as_result(m: Message, outcome: Outcome) -> Result:
    """The outbox's record of a send's outcome."""
    match outcome:
        case Delivered():
            return Result(m, OutboxState.delivered)
        case Undeliverable(error):
            return Result(m, OutboxState.undeliverable, error)
        case Failed(error):
            return Result(m, OutboxState.failed, error)
        case Retry(error, after):
            wait = timedelta(seconds=after) if after is not None else None
            return Result(m, OutboxState.queued, error, wait)
    raise TypeError(f"not an outcome: {outcome!r}")


def _group(rows: list[tuple[int, str]], places: int, pacer: Pacer) -> list[tuple[int, str]]:
    """Up to `places` rows from the front of `rows` (taken out of it) to send together, one per
    address; rows whose chat rests are dropped (the next round takes them)."""
    group: list[tuple[int, str]] = []
    addresses: set[str] = set()
    while rows and len(group) < places:
        row_id, address = rows.pop(0)
        if address in addresses or not pacer.may_send(address):
            continue
        group.append((row_id, address))
        addresses.add(address)
    return group


class _Results:
    """Results recorded a batch per commit: each commit takes every result that came in while
    the one before it ran, so a busy lane commits rarely and a quiet one at once."""

    def __init__(
        self,
        outbox: Outbox,
        clock: Callable[[], datetime],
        channel: str,
        listener: Listener | None,
    ) -> None:
        self.outbox, self.clock, self.channel, self.listener = outbox, clock, channel, listener
        self._pending: list[Result] = []
        self._writing: asyncio.Task | None = None

    def add(self, r: Result) -> None:
        self._pending.append(r)
        if self._writing is None or self._writing.done():
            self._writing = asyncio.create_task(self._write())

    async def _write(self) -> None:
        while self._pending:
            batch, self._pending = self._pending, []
            states = await offload(self.outbox.settle, batch, self.clock())
            if self.listener:
                for state in states:
                    self.listener(self.channel, state)

    async def flushed(self) -> None:
        """Every result so far recorded (a failed commit raises here)."""
        while self._writing is not None and not self._writing.done():
            await self._writing
        if self._writing is not None:
            self._writing.result()


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
