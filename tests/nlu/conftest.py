"""One interpreter per test session: the cached model for nlu/data (trained once if stale)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from nlu.interpreter import BERLIN, Interpreter

HERE = Path(__file__).parent
HELDOUT = HERE / "heldout.yml"


@pytest.fixture(scope="session")
def interpreter() -> Interpreter:
    return Interpreter.load_or_train()


@pytest.fixture(scope="session")
def now() -> datetime:
    """Monday, 13 September 2021, 10:00 in Brandenburg an der Havel."""
    return datetime(2021, 9, 13, 10, 0, tzinfo=BERLIN)
