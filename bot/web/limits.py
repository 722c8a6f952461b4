"""Request limits: body size, message length and token-bucket rate limits per sender and per IP.

The buckets live in this process's memory: with N workers a client gets at most N times the
rate, which is still a hard ceiling; the database constraints stay the real guard on bookings.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_body_bytes: int = 16 * 1024
    max_message_chars: int = 1000
    sender_per_minute: float = 30
    ip_per_minute: float = 300
    burst: int = 10  # a sender may tap several buttons quickly, then the rate applies


class RateLimiter:
    """Token buckets keyed by string: `allow(key)` spends one token or says how long to wait."""

    MAX_KEYS = 100_000  # bounds memory under a flood of fresh keys

    def __init__(
        self, per_minute: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = per_minute / 60.0
        self.burst = max(1.0, float(burst))
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, at)

    def allow(self, key: str) -> float:
        """0.0 when allowed (a token is spent), else the seconds until the next token."""
        now = self.clock()
        tokens, at = self._buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - at) * self.rate)
        if tokens >= 1.0:
            self._store(key, tokens - 1.0, now)
            return 0.0
        self._store(key, tokens, now)
        return (1.0 - tokens) / self.rate if self.rate > 0 else 60.0

    def _store(self, key: str, tokens: float, now: float) -> None:
        if key not in self._buckets and len(self._buckets) >= self.MAX_KEYS:
            self._prune(now)
        self._buckets[key] = (tokens, now)

    def _prune(self, now: float) -> None:
        """Forget buckets that have refilled (they equal a fresh one); else the oldest half."""
        full = [
            k
            for k, (tok, at) in self._buckets.items()
            if tok + (now - at) * self.rate >= self.burst
        ]
        for k in full:
            del self._buckets[k]
        if len(self._buckets) >= self.MAX_KEYS:
            oldest = sorted(self._buckets, key=lambda k: self._buckets[k][1])
            for k in oldest[: len(oldest) // 2]:
                del self._buckets[k]


class BodyTooLarge(Exception):
    """The request body is over the limit (checked while streaming, not after)."""
