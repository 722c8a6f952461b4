"""What the office knows beyond its calendar: per service what to bring, fees, processing time,
walk-in and special cases; where the office is; who is responsible for what it does not do.

Plain immutable data parsed from the city's config (office/city.py). Fees change by federal
ordinance on a given day, so they are dated versions like the schedule: `fees_on(day)` picks
the one in force. `confirm` marks a value the city has not confirmed yet; `source` cites it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Fact:
    """A text in each language, with its source and whether the city must still confirm it."""

    texts: dict[str, str]
    confirm: bool = False
    source: str = ""
    valid_from: date | None = None  # a rule that applies only from this day (e.g. digital photos)

    def applies_on(self, day: date) -> bool:
        return self.valid_from is None or self.valid_from <= day


@dataclass(frozen=True)
class FeeItem:
    label: dict[str, str]
    euro: Decimal


@dataclass(frozen=True)
class FeeVersion:
    """The fees of one service from `valid_from` until the next version; no items: not issued."""

    valid_from: date
    items: tuple[FeeItem, ...]
    source: str
    confirm: bool = False
    note: dict[str, str] = field(default_factory=dict)

    @property
    def free(self) -> bool:
        return bool(self.items) and all(i.euro == 0 for i in self.items)


@dataclass(frozen=True)
class ServiceInfo:
    walk_in: bool = True  # can be done in the walk-in hours
    appointment_needed: bool = False  # only with an appointment, never walk-in
    processing: Fact | None = None
    fees: tuple[FeeVersion, ...] = ()  # ordered by valid_from
    special: dict[str, Fact] = field(default_factory=dict)  # children, lost, deadline, photo…

    def fees_on(self, day: date) -> FeeVersion | None:
        """The fee version in force on `day`; None before the first one."""
        found = None
        for version in self.fees:
            if version.valid_from <= day:
                found = version
        return found

    def special_on(self, day: date) -> dict[str, Fact]:
        return {k: f for k, f in self.special.items() if f.applies_on(day)}


@dataclass(frozen=True)
class Location:
    address: str = ""
    email: str = ""
    directions: Fact | None = None
    accessibility: Fact | None = None
    parking: Fact | None = None
    confirm: bool = False
    source: str = ""


@dataclass(frozen=True)
class Referral:
    """Another office, for what the Bürgerservice does not do (driving licences, vehicles…)."""

    id: str
    name: dict[str, str]
    topics: dict[str, str]
    phone: str = ""
    email: str = ""
    web: str = ""
    confirm: bool = False
