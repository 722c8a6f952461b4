"""Request limits: body size, message length, and rate limits per sender and per client address.

The windows live where every worker and every host sees them (`shared_storage`): in Redis
when REDIS_URL is set, else in the database, so N workers do not give a client N times the
rate. The `limits` library does the windows; the database constraints stay the real guard on
bookings.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from limits import RateLimitItemPerSecond
from limits.storage import Storage
from limits.strategies import FixedWindowRateLimiter

if TYPE_CHECKING:
    from storage.db import Database


@dataclass(frozen=True)
class Limits:
    max_body_bytes: int = 16 * 1024
    max_message_chars: int = 1000
    sender_per_minute: float = 30
    ip_per_minute: float = 300
    burst: int = 10  # a sender may tap several buttons quickly, then the rate applies


class RateLimiter:
    """`allow(key)` counts one request or says how long to wait.

    Two fixed windows per key: `burst` requests within the time the rate needs to earn them
    back, and `per_minute` a minute. A client can tap several buttons quickly, but never go
    over the rate for long.
    """

    def __init__(
        self,
        storage: Storage,
        name: str,
        per_minute: float,
        burst: int,
        clock: Callable[[], float] = time.time,
    ) -> None:
        burst = max(1, int(burst))
        refill = max(1, math.ceil(60 * burst / per_minute)) if per_minute > 0 else 60
        self.windows = (
            RateLimitItemPerSecond(burst, refill, namespace=f"{name}-burst"),
            RateLimitItemPerSecond(max(1, int(per_minute)), 60, namespace=name),
        )
        self.limiter = FixedWindowRateLimiter(storage)
        self.clock = clock

    def allow(self, key: str) -> float:
        """0.0 when allowed, else the seconds until the window that refused ends; raises limits'
        StorageError when the shared storage cannot be reached."""
        for window in self.windows:
            if not self.limiter.hit(window, key):
                reset = self.limiter.get_window_stats(window, key).reset_time
                return max(1.0, reset - self.clock())
        return 0.0


def client_key(address: str) -> str:
    """The unit a per-address limit counts: an IPv4 address, or the /64 of an IPv6 address
    (one household's or one server's whole network, which its owner can rotate through)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def client_hash(key: str, secret: str) -> str:
    """A client key as the booking caps store it: keyed, so the table holds no address (and
    IPv4's small space cannot be searched for one without the key)."""
    return hmac.new(secret.encode(), key.encode(), hashlib.sha256).hexdigest()[:32]


class BodyTooLarge(Exception):
    """The request body is over the limit (checked while streaming, not after)."""


def shared_storage(db: Database, redis_url: str | None, prefix: str) -> Storage:
    """Redis when configured (keys under `prefix`), else the database every worker shares."""
    if redis_url:
        from limits.storage import RedisStorage

        return RedisStorage(redis_url, key_prefix=prefix, wrap_exceptions=True)
    from storage.counters import DatabaseStorage

    return DatabaseStorage(db, prefix=f"{prefix}:")
