"""Fixtures for the web channel tests."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from webfakes import NOW, LiveServer, ScriptedEngine

from bot.web import create_app
from bot.web.proof import ProofOfWork


@pytest.fixture
def engine() -> ScriptedEngine:
    return ScriptedEngine()


@pytest.fixture
def make_server():
    """Starts servers for a test and stops them after it."""
    with contextlib.ExitStack() as stack:

        def start(engine: Any, **options: Any) -> LiveServer:
            options.setdefault("clock", lambda: NOW)
            options.setdefault("proof", ProofOfWork("test-key", max_number=2000))
            return stack.enter_context(LiveServer(create_app(engine, **options)))

        yield start
