"""Pacing: at most `rate` sends a second, and a rest between two sends to one chat.

Sends follow a timeline spaced a little wider than 1/rate (2 % headroom); a late send lets the
next ones catch up, but never closer than 1/rate, and never so that `rate` + 1 sends would fall
within a second and the headroom (measured from the moments they actually started): the network's
varying delays get those 20 ms to spare, so Telegram never sees more than `rate` in a second.
Flood control (`pause`) stops every send until the time Telegram named.

At high rates (a city's own Bot API server) sends go out in small groups that start together
(`turn(count=)`, `sent(*addresses)`): a group of n takes n moments of the timeline, so the rate
and the one-second window hold all the same.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable


class Pacer:
    def __init__(
        self,
        rate: float,
        per_address: float = 1.0,
        headroom: float = 0.02,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ):
        """`clock` and `sleep` together are its time: tests step a fake one."""
        if rate <= 0:
            raise ValueError("the rate must be positive")
        self.interval = 1.0 / (rate * (1.0 - headroom))
        self.minimum = 1.0 / rate
        self.per_address = per_address
        self.clock = clock
        self.sleep = sleep
        self._last = -float("inf")
        self._target = -float("inf")
        self._window: deque[float] = deque(maxlen=max(1, int(rate)))
        self.guard = 1.0 + headroom
        self._paused_until = -float("inf")
        self._recent: dict[str, float] = {}

    def resting(self) -> list[str]:
        """Addresses that had a send less than `per_address` seconds ago."""
        now = self.clock()
        self._recent = {a: t for a, t in self._recent.items() if now - t < self.per_address}
        return list(self._recent)

    def may_send(self, address: str) -> bool:
        last = self._recent.get(address)
        return last is None or self.clock() - last >= self.per_address

    def group(self, window: float) -> int:
        """How many sends fit into `window` seconds of the timeline (at least one)."""
        return max(1, int(window / self.interval))

    async def turn(self, lead: float = 0.0, count: int = 1) -> None:
        """Wait for the next free moment for `count` sends together (and for a flood-control
        pause to end), or until `lead` seconds before it: time for the work that must precede
        the send."""
        while True:
            wait = max(self._next(count), self._paused_until) - lead - self.clock()
            if wait <= 0:
                return
            await self.sleep(wait)

    def _next(self, count: int = 1) -> float:
        earliest = max(self._target + self.interval, self._last + self.minimum)
        window = self._window
        leaving = len(window) + count - (window.maxlen or 1)  # must be a guard's time old
        if leaving > 0:
            earliest = max(earliest, window[min(leaving, len(window)) - 1] + self.guard)
        return earliest

    def sent(self, *addresses: str) -> None:
        """Call right before the sends (one per address) go out together."""
        now = self.clock()
        count = max(1, len(addresses))
        start = max(self._next(count), now - self.interval)  # an idle pause is not saved up
        self._target = start + (count - 1) * self.interval
        self._last = now
        self._window.extend([now] * count)
        for address in addresses:
            self._recent[address] = now

    def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, self.clock() + seconds)
