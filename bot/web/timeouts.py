"""A deadline for each request's head: uvicorn's HTTP/1.1 protocol with a slow-client timeout.

uvicorn times out only an idle keep-alive connection, and every byte received cancels that
timer: a client that opens connections and sends a header byte every few seconds (slowloris)
keeps them forever. Here a request's head must arrive within `REQUEST_TIMEOUT_S` of the
connection (or of the previous response); the body has its own deadline in `read_json`.
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

PROTOCOL = "bot.web.timeouts:TimedH11Protocol"  # uvicorn's `http` option, importable by workers


class TimedH11Protocol(H11Protocol):
    request_timeout_s: float = 10.0  # set by `configure` in each worker before it serves

    _head_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:  # the head is in (or the socket upgraded)
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()  # the next request on this connection gets its own deadline

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._head_deadline = self.loop.call_later(self.request_timeout_s, self._too_slow)

    def _disarm(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _too_slow(self) -> None:
        self._head_deadline = None
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self.transport.close()


def configure(request_timeout_s: float) -> None:
    TimedH11Protocol.request_timeout_s = request_timeout_s
