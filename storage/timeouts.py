"""How long the database may keep a caller waiting, and the watchdog that ends a wait the
database itself cannot end.

PostgreSQL enforces `statement_timeout` and `lock_timeout` itself, and psycopg the connect
timeout; TCP keepalives and `tcp_user_timeout` drop a connection whose packets go unanswered.
None of them helps when the server's side of the socket stays open but never answers (a proxy
or a load balancer that stopped forwarding, a frozen server): the query would wait forever. The
watchdog shuts such a connection's socket once its statement is overdue; the blocked thread
then gets a disconnect error at once, SQLAlchemy discards the connection, and the turn becomes
the apology. Importable without SQLAlchemy (the settings use `Timeouts`).
"""

from __future__ import annotations

import math
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

GRACE_S = 1.0  # the watchdog waits this much past the statement timeout: the server goes first
PING_S = 2.0  # a ping is one round trip: a server that leaves it unanswered this long is gone
LIBPQ_MIN_CONNECT_S = 2  # libpq counts its connect timeout in whole seconds, at least 2


@dataclass(frozen=True)
class Timeouts:
    connect_s: float = 5.0  # open a connection, or wait for one from the pool
    statement_s: float = 5.0  # one statement
    lock_s: float = 5.0  # a write waiting for a lock (SQLite: the busy timeout)

    # A pooled PostgreSQL connection is pinged before use and replaced when the ping goes
    # unanswered: ping and reconnect share the connect budget, so a dead server costs a turn
    # `connect_s` (at least libpq's 2 s plus half a second's ping), not a ping plus connect_s.

    @property
    def libpq_connect_s(self) -> int:
        rest = self.connect_s - min(PING_S, self.connect_s / 2)
        return max(LIBPQ_MIN_CONNECT_S, math.floor(rest))

    @property
    def ping_s(self) -> float:
        return max(0.5, min(PING_S, self.connect_s - self.libpq_connect_s))


class Watchdog:
    """Armed around each blocking database call with the connection's socket; shuts the socket
    of a call still running at its deadline. One thread for every connection of an engine."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic):
        self.seconds = seconds
        self.clock = clock
        self._armed: dict[int, tuple[float, int]] = {}  # key -> (deadline, socket fd)
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None
        self.fired = 0

    def arm(self, key: int, fd: int, seconds: float | None = None) -> None:
        with self._wake:
            idle = not self._armed
            self._armed[key] = (self.clock() + (seconds or self.seconds), fd)
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, name="db-watchdog", daemon=True)
                self._thread.start()
            elif idle:
                self._wake.notify()

    def disarm(self, key: int) -> None:
        """Idempotent; called before the connection can be closed, so the watchdog never
        touches a file descriptor that was reused by then (both run under its lock)."""
        with self._wake:
            self._armed.pop(key, None)

    def _watch(self) -> None:
        with self._wake:
            while True:
                now = self.clock()
                for key, (deadline, fd) in list(self._armed.items()):
                    if deadline <= now:
                        del self._armed[key]
                        self.fired += 1
                        _shut(fd)
                nearest = min((d for d, _ in self._armed.values()), default=None)
                self._wake.wait(None if nearest is None else max(0.0, nearest - now))


def _shut(fd: int) -> None:
    """Shut down the socket behind `fd` without closing `fd` (its owner still holds it)."""
    try:
        with socket.socket(fileno=os.dup(fd)) as s:
            s.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed by the other side
