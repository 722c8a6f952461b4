"""The web channel's one path from a citizen's message to the engine, shared by REST and socket.

Both transports validate the same way, share the rate limits, verify the ALTCHA solution and
attach challenges; they differ only in how a `Refusal` reaches the client (HTTP status or frame).
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import math
import unicodedata
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from limits.errors import StorageError
from limits.storage import Storage

from bot.offload import offload
from bot.turn import Engine, Response, Turn
from bot.web.limits import Limits, RateLimiter, client_hash, client_key
from bot.web.proof import PROOF_MARKER, Difficulty, ProofOfWork
from bot.web.rasa_format import rasa_messages
from office import senders
from office.texts import CATALOGS, t

log = logging.getLogger(__name__)

Notices = Callable[[str], Awaitable[list[Response]]]  # a sender's waiting notices, taken
MAX_SENDER_CHARS = 256  # documented in the README and the OpenAPI description
VERBATIM_SENDER_CHARS = 128  # longer ids go by their SHA-512, one length no verbatim id has


class Refusal(Exception):
    """A request the channel answers itself: status, a machine code and a friendly text."""

    def __init__(self, status: int, code: str, text: str, retry_after: int | None = None):
        super().__init__(code)
        self.status, self.code, self.text, self.retry_after = status, code, text, retry_after

    def as_json(self) -> dict[str, Any]:
        return {"error": self.code, "message": self.text}


def lang_hint(value: Any) -> str | None:
    return value if isinstance(value, str) and value in CATALOGS else None


def sender_text(sender_id: Any) -> str | None:
    """A client's sender id as Rasa takes it: any text of 1 to 256 characters without control
    characters (an e-mail, a name with spaces, a UUID), or a whole number (Rasa stores it as its
    decimal text, so 42 and "42" are one conversation there and here). None when unusable."""
    if isinstance(sender_id, int) and not isinstance(sender_id, bool):
        sender_id = str(sender_id)
    if not isinstance(sender_id, str) or not 0 < len(sender_id) <= MAX_SENDER_CHARS:
        return None
    if any(unicodedata.category(c) == "Cc" for c in sender_id):
        return None
    return sender_id


def check_sender(sender_id: Any, lang: str | None) -> str:
    """The engine's sender for a client-chosen id: the id itself, never trimmed or folded, so two
    ids never share a conversation. An id longer than 128 characters goes by its SHA-512
    ("web:~" and 128 hex digits: 133 characters, longer than any verbatim one, and within the
    200-character sender columns). Rasa's "default" fallback would mix citizens: no id, no turn."""
    text = sender_text(sender_id)
    if text is None:
        raise Refusal(400, "bad_request", t(lang, "web.error.bad_sender", max=MAX_SENDER_CHARS))
    if len(text) > VERBATIM_SENDER_CHARS:
        return senders.sender_id("web", "~" + hashlib.sha512(text.encode("utf-8")).hexdigest())
    return senders.sender_id("web", text)


class WebChannel:
    def __init__(
        self,
        engine: Engine,
        limits: Limits,
        proof: ProofOfWork,
        clock: Callable[[], datetime],
        counters: Storage,
        notices: Notices | None = None,
    ) -> None:
        self.engine = engine
        self.notices = notices
        self.limits = limits
        self.proof = proof
        self.clock = clock
        self.per_sender = RateLimiter(counters, "sender", limits.sender_per_minute, limits.burst)
        self.per_ip = RateLimiter(counters, "ip", limits.ip_per_minute, limits.burst * 5)
        self.difficulty = Difficulty(counters, base=proof.max_number)

    async def check_rate(self, sender: str, ip: str, lang: str | None) -> None:
        """Refusal 429 when the client address or the sender is over its rate. The windows are
        shared by every worker (a database or Redis round trip: kept off the event loop)."""
        wait = await offload(self._wait, sender, client_key(ip))
        if wait:
            seconds = max(1, math.ceil(wait))
            raise Refusal(429, "rate_limited", t(lang, "web.error.rate", seconds=seconds), seconds)

    def _wait(self, sender: str, client: str) -> float:
        """Seconds to wait; with the shared storage down, none (the turn itself then meets the
        outage and apologises, and a lost rate window is no risk to any booking)."""
        try:
            return self.per_ip.allow(client) or self.per_sender.allow(sender)
        except StorageError:
            log.warning("rate limits unavailable: the shared storage does not answer")
            return 0.0

    def _proof_ok(self, sender: str, solution: Any) -> bool:
        """A proof counts only once it is marked used where every worker sees it."""
        try:
            return self.proof.verify(sender, solution)
        except StorageError:
            return False

    async def handle(
        self, sender_id: Any, text: Any, lang: str | None, solution: Any, ip: str
    ) -> list[dict[str, Any]]:
        """Rasa REST messages for one message; Refusal for what the engine never sees."""
        sender = check_sender(sender_id, lang)
        if not isinstance(text, str):
            raise Refusal(400, "bad_request", t(lang, "web.error.bad_request"))
        text = text.replace("\x00", "").strip()
        if not text:
            raise Refusal(400, "empty", t(lang, "web.error.empty"))
        if len(text) > self.limits.max_message_chars:
            raise Refusal(
                413, "too_long", t(lang, "web.error.too_long", max=self.limits.max_message_chars)
            )
        await self.check_rate(sender, ip, lang)
        proof_ok = solution is not None and await offload(self._proof_ok, sender, solution)
        # The booking caps count held seats per client address: by a keyed hash, so no
        # address is stored.
        client = client_hash(client_key(ip), self.proof.hmac_key)
        turn = Turn(
            sender=sender,
            text=text,
            now=self.clock(),
            lang=lang,
            metadata={"proof_required": True, "proof_ok": proof_ok, "client": client},
        )
        try:
            responses = await self.engine.handle(turn)
        except Exception:
            log.exception("the engine failed on a web turn")  # never the text: it may hold contacts
            responses = [Response(text=t(lang, "web.error.internal"))]
        if self.notices is not None:  # notices waiting for this citizen's visit come first
            responses = [*await self.notices(sender), *responses]
        if any(r.custom and PROOF_MARKER in r.custom for r in responses):
            responses = await offload(self.with_challenges, sender, client, responses)
        return rasa_messages(sender_text(sender_id) or "", responses)

    def with_challenges(
        self, sender: str, client: str, responses: list[Response]
    ) -> list[Response]:
        """Adds an ALTCHA challenge where the engine asks for proof before a hold, as hard as
        the load asks (with the shared storage down, the base difficulty)."""
        try:
            work = self.difficulty.next(client)
        except StorageError:
            work = self.proof.max_number
        return [
            dataclasses.replace(r, custom=r.custom | {"altcha": self.proof.challenge(sender, work)})
            if r.custom and PROOF_MARKER in r.custom
            else r
            for r in responses
        ]
