"""Web notices: handed to the citizen's open widget, or at the next visit.

No worker lease is involved: each server process looks after the sockets it holds. A notice
is taken (marked delivered) in one statement before it is pushed, so two processes cannot both
show it; one that did not reach any socket after all is given back to the queue.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError

from bot.delivery.worker import stopped_within
from bot.offload import offload
from bot.turn import Button, Response
from bot.web.connections import Connections
from storage.errors import DatabaseUnavailable
from storage.outbox import Message, Outbox

log = logging.getLogger(__name__)


def as_response(m: Message) -> Response:
    buttons = tuple(Button(b["title"], b["payload"]) for b in m.payload.get("buttons") or [])
    return Response(m.payload["text"], buttons)


class WebNotices:
    def __init__(self, outbox: Outbox, clock: Callable[[], datetime]):
        self.outbox = outbox
        self.clock = clock

    async def take(self, sender: str) -> list[Response]:
        """The sender's waiting notices, now counted as delivered (a REST reply shows them).

        None when the database cannot be reached: they stay queued for the next visit, and the
        turn itself answers (with the engine's apology, if the database is down for it too).
        """
        try:
            taken = await offload(self.outbox.take_web, sender, self.clock())
        except (DatabaseUnavailable, SQLAlchemyError):
            log.warning("web notices not fetched: the database did not answer")
            return []
        return [as_response(m) for m in taken]

    async def push_waiting(self, connections: Connections) -> int:
        """Push every waiting notice to its open widgets; how many arrived."""
        waiting = await offload(self.outbox.web_waiting, connections.senders())
        pushed = 0
        for sender in waiting:
            taken = await offload(self.outbox.take_web, sender, self.clock())
            if await connections.push(sender, [as_response(m) for m in taken]):
                pushed += len(taken)
            else:
                await offload(self.outbox.give_back, taken, self.clock())
        return pushed

    async def run(self, connections: Connections, stop: asyncio.Event, every: float = 2.0):
        """Every few seconds, while the server runs: a visit sees its notice within `every`."""
        while not stop.is_set():
            try:
                await self.push_waiting(connections)
            except Exception:  # noqa: BLE001 - a database hiccup: try again next round
                log.exception("pushing web notices failed")
            await stopped_within(stop, every)
