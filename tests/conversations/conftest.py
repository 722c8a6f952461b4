from __future__ import annotations

import pytest

from bot.bootstrap import build


@pytest.fixture(scope="session")
def interpreter():
    nlu = pytest.importorskip("nlu.interpreter", reason="the NLU is not on this branch yet")
    return nlu.Interpreter.load_or_train()


@pytest.fixture
def app_factory(tmp_path, interpreter):
    """A fresh app on its own SQLite file, sharing the trained NLU."""
    return lambda: build(database_url=f"sqlite:///{tmp_path}/bot.db", interpreter=interpreter)
