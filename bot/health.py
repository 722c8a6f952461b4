"""The database's part of `/healthz`, answered at once even while the database hangs.

A probe (the cheap schema check) runs in a thread of its own, never in the turns' pool, so it
does not queue behind turns that wait for a dead database; one probe at a time. A success is
trusted for `fresh_s`, so a load balancer's polling costs one query a second. After a success a
health check waits for the next probe a moment (`patience_s`); a probe still running after
`slow_s` means down. After a failure it waits up to `slow_s`: a database that is back is
reported so at once (the storage layer lets one caller at a time try a database found down,
the others fail at once, so the probe mostly answers quickly either way).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Callable

from storage.errors import DatabaseUnavailable

log = logging.getLogger(__name__)

OK, DOWN = "ok", "unavailable"  # the states of bot.web.app.Check


class DatabaseProbe:
    def __init__(
        self,
        check: Callable[[], None],
        *,
        fresh_s: float = 1.0,
        patience_s: float = 0.05,
        slow_s: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.check = check  # raises DatabaseUnavailable when the database cannot be used
        self.fresh_s, self.patience_s, self.slow_s = fresh_s, patience_s, slow_s
        self.clock = clock
        self._lock = threading.Lock()
        self._last: bool | None = None  # the last finished probe's result
        self._finished_at = -float("inf")
        self._started_at: float | None = None  # of the probe running now
        self._waiting: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[bool]]] = []

    async def status(self) -> str:
        """OK or DOWN."""
        loop = asyncio.get_running_loop()
        with self._lock:
            now = self.clock()
            if self._last and now - self._finished_at < self.fresh_s:
                return OK
            if self._started_at is None:
                self._started_at = now
                threading.Thread(target=self._probe, name="db-probe", daemon=True).start()
            running = now - self._started_at
            answer: asyncio.Future[bool] = loop.create_future()
            self._waiting.append((loop, answer))
        patience = self.patience_s if self._last is not False else self.slow_s - running
        try:
            ok = await asyncio.wait_for(answer, max(patience, self.patience_s))
        except TimeoutError:
            ok = self._last is not False and running + self.patience_s < self.slow_s
        return OK if ok else DOWN

    def _probe(self) -> None:
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
            waiting, self._waiting = self._waiting, []
        for loop, answer in waiting:
            with contextlib.suppress(RuntimeError):  # that loop has ended meanwhile
                loop.call_soon_threadsafe(_resolve, answer, ok)


def _resolve(answer: asyncio.Future[bool], ok: bool) -> None:
    if not answer.done():
        answer.set_result(ok)
