"""Fixtures shared by every test: the reference city, loaded once from its config file."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import load_city
from office.city import City
from office.schedule import Schedule

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "config" / "brandenburg-havel.yaml"


@pytest.fixture(scope="session")
def city() -> City:
    return load_city(CONFIG)


@pytest.fixture(scope="session")
def schedule(city: City) -> Schedule:
    return city.schedule
