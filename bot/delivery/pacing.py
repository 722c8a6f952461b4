"""Pacing: at most `rate` sends a second, and a rest between two sends to one chat.

Sends are spaced evenly, a little wider than 1/rate (headroom), measured from the moment each
send actually started: a late send never lets the next one catch up, so no window of a second
ever holds more than `rate` sends even when the network's delays vary by some milliseconds.
Flood control (`pause`) stops every send until the time Telegram named.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


class Pacer:
    def __init__(
        self,
        rate: float,
        per_address: float = 1.0,
        headroom: float = 0.03,
        clock: Callable[[], float] = time.monotonic,
    ):
        if rate <= 0:
            raise ValueError("the rate must be positive")
        self.interval = 1.0 / (rate * (1.0 - headroom))
        self.per_address = per_address
        self.clock = clock
        self._last = -float("inf")
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

    async def turn(self) -> None:
        """Wait for the next free moment (and for a flood-control pause to end)."""
        while True:
            wait = max(self._last + self.interval, self._paused_until) - self.clock()
            if wait <= 0:
                return
            await asyncio.sleep(wait)

    def sent(self, address: str) -> None:
        """Call right before the send goes out."""
        now = self.clock()
        self._last = now
        self._recent[address] = now

    def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, self.clock() + seconds)
