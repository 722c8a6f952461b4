"""Open widget connections by sender, so a delivery worker can push a notice to a citizen."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any

from bot.turn import Response
from bot.web.rasa_format import rasa_messages
from office import senders

log = logging.getLogger(__name__)

Send = Callable[[dict[str, Any]], Awaitable[None]]


class Connections:
    """Sender -> the send functions of that sender's open sockets (one per tab) in this process."""

    def __init__(self) -> None:
        self._open: dict[str, set[Send]] = defaultdict(set)

    def add(self, sender: str, send: Send) -> None:
        self._open[sender].add(send)

    def discard(self, sender: str, send: Send) -> None:
        sends = self._open.get(sender)
        if sends is not None:
            sends.discard(send)
            if not sends:
                del self._open[sender]

    def __contains__(self, sender: str) -> bool:
        return sender in self._open

    def senders(self) -> list[str]:
        """The senders with an open socket in this process."""
        return list(self._open)

    async def push(self, sender: str, responses: list[Response]) -> bool:
        """Deliver to every open socket of `sender`; False when none took it (use another way)."""
        recipient = senders.account_of(sender)  # the id the widget chose, as in its replies
        frame = {"type": "bot", "notice": True, "messages": rasa_messages(recipient, responses)}
        delivered = False
        for send in list(self._open.get(sender, ())):
            try:
                await send(frame)
                delivered = True
            except Exception:  # a socket closing under us; its handler discards it
                log.debug("push to a closing socket failed", exc_info=True)
        return delivered
