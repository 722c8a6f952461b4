"""Fixtures for the web channel tests."""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import Any

import pytest
from browser import launch
from playwright.sync_api import sync_playwright
from smtpbox import mail_server
from webfakes import NOW, LiveServer, ScriptedEngine

from app.settings import Settings
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


@pytest.fixture(scope="module")
def browser():
    """Per module: Playwright's sync API runs an event loop in this thread while it is open,
    and later tests' asyncio.run() must not find one."""
    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh desktop page that records dialogs (none may open) and every request it makes."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="de-DE")
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.requests = []
    page.on("request", lambda r: page.requests.append(r.url))
    yield page
    context.close()


@pytest.fixture(scope="module")
def mail():
    """A local SMTP server (aiosmtpd) for a module's e-mails."""
    with mail_server() as box:
        yield box


@pytest.fixture(scope="module")
def real(tmp_path_factory, mail):
    """The real engine with e-mail on: a web booking waits for the code sent by e-mail."""
    from bot.bootstrap import build
    from nlu import default_interpreter

    path = tmp_path_factory.mktemp("mailed") / "bot.db"
    settings = replace(Settings.from_env(), database_url=f"sqlite:///{path}", smtp_url=mail.url,
                       verify_contacts=True)  # fmt: skip
    built = build(settings=settings, interpreter=default_interpreter())
    yield built
    built.db.dispose()
