"""The database's part of `/healthz`, answered at once from the last known state.

A health check never waits for the database: it reads what the last probe found and, when that
is older than `every_s` and no probe runs, starts the next one in a thread of its own (never in
the turns' pool, so it does not queue behind turns waiting for a dead database). A probe still
running after `timeout_s` means down, whatever it finds later. A turn that just found the
database unreachable (the storage layer's breaker) means down too, without waiting for a probe.
The answer carries its age, so a monitor sees how stale it is.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from storage.errors import DatabaseUnavailable

log = logging.getLogger(__name__)

OK, DOWN = "ok", "unavailable"  # the states of bot.web.app.Check


@dataclass(frozen=True)
class Health:
    state: str  # OK or DOWN
    age_s: float | None  # since the state was found; None before the first probe ended


def _in_thread(work: Callable[[], None]) -> None:
    threading.Thread(target=work, name="db-probe", daemon=True).start()


class DatabaseProbe:
    def __init__(
        self,
        check: Callable[[], None],
        *,
        tripped: Callable[[], bool] = lambda: False,
        every_s: float = 1.0,
        timeout_s: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        spawn: Callable[[Callable[[], None]], None] = _in_thread,
    ):
        self.check = check  # raises DatabaseUnavailable when the database cannot be used
        self.tripped = tripped  # the storage layer found the database unreachable
        self.every_s, self.timeout_s = every_s, timeout_s
        self.clock, self.spawn = clock, spawn
        self._lock = threading.Lock()
        self._last: bool | None = None  # the last finished probe's result
        self._finished_at: float | None = None
        self._started_at: float | None = None  # of the probe running now

    def status(self) -> Health:
        """The last known state, at once; starts the next probe when this one is due."""
        with self._lock:
            now = self.clock()
            running = self._started_at
            due = self._finished_at is None or now - self._finished_at >= self.every_s
            if running is None and due:
                self._started_at = now
                self.spawn(self.probe)
            age = None if self._finished_at is None else now - self._finished_at
            if running is not None and now - running > self.timeout_s:
                return Health(DOWN, now - running)
            if self.tripped():
                return Health(DOWN, 0.0)
            return Health(OK if self._last else DOWN, age)

    def probe(self) -> None:
        """One probe, in the calling thread (`spawn` runs it in its own)."""
        try:
            self.check()
            ok = True
        except DatabaseUnavailable:
            ok = False
        except Exception:  # noqa: BLE001 - an unexpected fault is a database not to be used
            log.exception("the database probe failed")
            ok = False
        with self._lock:
            self._last, self._finished_at, self._started_at = ok, self.clock(), None
