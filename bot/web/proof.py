"""ALTCHA proof of work before a web hold: privacy-friendly, no third party.

The engine marks each booking question before a time is held with `custom={"proof": "hold"}`;
the web channel adds a signed challenge bound to the sender, harder the more challenges were
issued in the last minute (to everyone, and to this client address: `Difficulty`); the widget
solves it (SHA-256 in the browser) and sends the solution with its next message; `verify`
checks signature, expiry, sender and single use.
Any worker verifies what any worker issued when they share the key (`BUERGERBOT_ALTCHA_KEY`);
a used solution is marked in the storage every worker sees (`bot.web.limits.shared_storage`),
so a replay is refused by every worker, not only by the one that saw it first.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from altcha import create_challenge_v1, extract_params_v1, verify_solution_v1
from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage, Storage
from limits.strategies import FixedWindowRateLimiter

PROOF_MARKER = "proof"


class ProofOfWork:
    def __init__(
        self,
        hmac_key: str,
        max_number: int = 50_000,
        ttl_seconds: int = 900,
        clock: Callable[[], float] = time.time,
        used: Storage | None = None,
    ) -> None:
        self.hmac_key = hmac_key
        self.max_number = max_number
        self.ttl = ttl_seconds
        self.clock = clock
        # A solution counts once: one use per challenge within its lifetime.
        self._once = RateLimitItemPerSecond(1, ttl_seconds, namespace="altcha-used")
        self._used = FixedWindowRateLimiter(used or MemoryStorage())

    def challenge(self, sender: str, max_number: int | None = None) -> dict[str, Any]:
        expires = datetime.fromtimestamp(self.clock(), UTC) + timedelta(seconds=self.ttl)
        c = create_challenge_v1(  # type: ignore[call-overload]  # its stub asks every option
            hmac_key=self.hmac_key,
            max_number=max_number or self.max_number,
            expires=expires,
            params={"sender": sender},
        )
        return c.to_dict()

    def verify(self, sender: str, payload: Any) -> bool:
        """True for an unexpired, unused solution of a challenge issued to `sender`."""
        if not isinstance(payload, str) or not payload or len(payload) > 2000:
            return False
        ok, _ = verify_solution_v1(payload, self.hmac_key, check_expires=False)
        if not ok:
            return False
        decoded = _decode(payload)
        params = extract_params_v1(decoded)  # type: ignore[arg-type]
        try:
            expires = int(params.get("expires", ["0"])[0])
        except ValueError:
            return False
        now = self.clock()
        if params.get("sender") != [sender] or expires < now:
            return False
        return self._used.hit(self._once, str(decoded["challenge"]))


class Difficulty:
    """The work a challenge asks for, doubling with each `global_step` challenges issued in the
    last minute to everyone and each `client_step` to one client address (up to 2^max_doublings
    times the base): a flood makes every further hold slower for its sender first.

    The counts live in the storage every worker shares (`bot.web.limits.shared_storage`).
    """

    WINDOW = RateLimitItemPerSecond(10**9, 60, namespace="altcha-issued")

    def __init__(
        self,
        storage: Storage,
        base: int = 50_000,
        global_step: int = 120,
        client_step: int = 10,
        max_doublings: int = 5,
    ) -> None:
        self.limiter = FixedWindowRateLimiter(storage)
        self.base, self.global_step, self.client_step = base, global_step, client_step
        self.max_doublings = max_doublings

    def next(self, client: str) -> int:
        """Counts one challenge for `client` and returns its max_number."""
        doublings = self._count("all") // self.global_step + self._count(client) // self.client_step
        return self.base * 2 ** min(self.max_doublings, doublings)

    def _count(self, key: str) -> int:
        """Challenges issued in this window so far, this one included."""
        self.limiter.hit(self.WINDOW, key)
        return self.WINDOW.amount - self.limiter.get_window_stats(self.WINDOW, key).remaining


def _decode(payload: str) -> dict[str, Any]:
    return json.loads(base64.b64decode(payload))
