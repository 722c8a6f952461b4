"""Button payloads kept server-side behind short ids (Telegram allows 64 bytes of callback data).

One keyboard is one group: claiming any of its ids uses up the whole group, atomically, so a
double tap or a tap on an older copy of the keyboard cannot send a second choice. An id that
is unknown, belongs to another sender or has expired is refused, never guessed at.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Protocol

ID_BYTES = 9  # 12 URL-safe characters: unguessable, far below the 64-byte limit
DEFAULT_TTL = timedelta(days=2)


class ClaimStatus(Enum):
    OK = "ok"
    USED = "used"  # this keyboard was already answered
    INVALID = "invalid"  # unknown, forged, someone else's, or expired


@dataclass(frozen=True)
class Choice:
    title: str
    payload: str


@dataclass(frozen=True)
class Claim:
    status: ClaimStatus
    choice: Choice | None = None


class CallbackStore(Protocol):
    """Where a channel keeps the payloads behind its buttons."""

    def issue(self, sender: str, choices: Sequence[Choice], now: datetime) -> list[str]:
        """Store one keyboard; the ids come back in the order of `choices`."""
        ...

    def claim(self, sender: str, key: str, now: datetime) -> Claim:
        """The choice behind `key` if it is `sender`'s and its keyboard is still unanswered."""
        ...


def new_key() -> str:
    return secrets.token_urlsafe(ID_BYTES)


@dataclass
class _Entry:
    sender: str
    group: str
    choice: Choice
    expires: datetime


class MemoryCallbackStore:
    """The store for one process (polling, tests); webhook deployments with several workers
    use the database-backed store from `storage/`."""

    def __init__(self, ttl: timedelta = DEFAULT_TTL):
        self.ttl = ttl
        self._entries: dict[str, _Entry] = {}
        self._used_groups: dict[str, datetime] = {}
        self._next_prune: datetime | None = None

    def issue(self, sender: str, choices: Sequence[Choice], now: datetime) -> list[str]:
        self._forget_expired(now)
        group = new_key()
        keys = [new_key() for _ in choices]
        for key, choice in zip(keys, choices, strict=True):
            self._entries[key] = _Entry(sender, group, choice, now + self.ttl)
        return keys

    def claim(self, sender: str, key: str, now: datetime) -> Claim:
        entry = self._entries.get(key)
        if entry is None or entry.sender != sender or entry.expires <= now:
            return Claim(ClaimStatus.INVALID)
        if entry.group in self._used_groups:
            return Claim(ClaimStatus.USED)
        self._used_groups[entry.group] = entry.expires
        return Claim(ClaimStatus.OK, entry.choice)

    def _forget_expired(self, now: datetime) -> None:
        """At most once a minute, so issuing stays cheap with many open keyboards."""
        if self._next_prune and now < self._next_prune:
            return
        self._next_prune = now + timedelta(minutes=1)
        self._entries = {k: e for k, e in self._entries.items() if e.expires > now}
        self._used_groups = {g: exp for g, exp in self._used_groups.items() if exp > now}
