"""Where the waitlist (issue 17) plugs into the console.

The console's waitlist page lists a day's entries for one service through this protocol; until
a waitlist exists, `Console(waitlist=None)` and the page says so. To plug one in, implement
`Waitlist` in storage (e.g. `storage/waitlist.py`) and pass it where `serve` builds the console
(`bot/commands/serve.py`, `Console(..., waitlist=...)`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol


@dataclass(frozen=True)
class WaitlistEntry:
    position: int
    since: datetime
    name: str | None
    channel: str  # how the person will be told when a seat frees up
    state: str  # e.g. waiting, offered, booked, expired


class Waitlist(Protocol):
    def entries(self, day: date, service_id: str) -> Sequence[WaitlistEntry]:
        """The people waiting for a seat on `day` for `service_id`, first come first."""
        ...
