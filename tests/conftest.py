"""Fixtures shared by every test: the reference city, loaded once from its config file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.config import load_city
from office.city import City
from office.schedule import Schedule

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "config" / "brandenburg-havel.yaml"

# The product proves a web booker's e-mail address by default; most tests book on the web to test
# something else and skip that step. The tests of the step (and the served ones of the default
# set-up) switch it on, or drop this from the environment they hand to `buergerbot serve`.
os.environ.setdefault("BUERGERBOT_VERIFY_CONTACTS", "off")


@pytest.fixture(scope="session")
def city() -> City:
    return load_city(CONFIG)


@pytest.fixture(scope="session")
def schedule(city: City) -> Schedule:
    return city.schedule


@pytest.fixture(scope="session")
def interpreter():
    """The trained NLU, shared by every test that runs the real engine."""
    from nlu.interpreter import Interpreter

    return Interpreter.load_or_train()


@pytest.fixture
def app_factory(tmp_path, interpreter):
    """Builds the real app (engine, actions, storage) on a fresh SQLite file."""
    from bot.bootstrap import build

    return lambda: build(database_url=f"sqlite:///{tmp_path}/bot.db", interpreter=interpreter)
