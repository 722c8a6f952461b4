"""Where the waitlist plugs into the console: the page lists, per day and service, who waits
(first come first), through this protocol; `storage.waitlist.Waitlist` implements it, and
`Console` takes the bundle's unless the city switched the waitlist off."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from office.waitlist import StaffRow


class Waitlist(Protocol):
    def entries(self, day: date, service_id: str) -> Sequence[StaffRow]:
        """The people waiting for a seat on `day` for `service_id`, first come first."""
        ...
