"""Helpers shared by the storage tests."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from office.city import City

BERLIN = ZoneInfo("Europe/Berlin")
BERLIN_CONFIG = Path(__file__).resolve().parents[2] / "config" / "brandenburg-havel.yaml"


def berlin(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


def with_policy(city: City, **changes) -> City:
    return dataclasses.replace(city, booking=dataclasses.replace(city.booking, **changes))
