"""A local SMTP server (aiosmtpd on 127.0.0.1) that keeps what the product sends, and the
delivery worker run once over the outbox, so a test reads the e-mail code as a citizen would."""

from __future__ import annotations

import asyncio
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from tests.serving import free_port


class Mailbox:
    """An aiosmtpd handler: every message it is given, parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.url = ""

    async def handle_DATA(self, server, session, envelope) -> str:
        parsed = message_from_bytes(envelope.original_content, policy=policy.default)
        self.messages.append(parsed)  # type: ignore[arg-type]
        return "250 OK"

    def wait(self, address: str, subject: str, timeout: float = 60) -> EmailMessage:
        """The first message to `address` whose subject has `subject`, once it has arrived
        (a served test's e-mail comes from another process)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for m in list(self.messages):
                if m["To"] == address and subject in str(m["Subject"]):
                    return m
            time.sleep(0.1)
        got = [(m["To"], str(m["Subject"])) for m in self.messages]
        raise AssertionError(f"no e-mail {subject!r} to {address}; got {got}")

    def code_for(self, address: str) -> str:
        """The 6-digit code of the last message to `address`."""
        to = [m for m in self.messages if m["To"] == address]
        assert to, f"no e-mail to {address} among {len(self.messages)}"
        body = to[-1].get_body(("plain",)).get_content()  # type: ignore[union-attr]
        found = re.search(r"(?<!\d)\d{6}(?!\d)", body)
        assert found, "no 6-digit code in the e-mail"
        return found[0]


@contextmanager
def mail_server() -> Iterator[Mailbox]:
    box = Mailbox()
    server = Controller(box, hostname="127.0.0.1", port=free_port())
    server.start()
    box.url = f"smtp://127.0.0.1:{server.port}"
    try:
        yield box
    finally:
        server.stop()


def deliver(services: Any, clock: Callable[[], datetime]) -> None:
    """Drains the outbox once through the configured lanes, as the server's worker does; on a
    thread of its own, since a browser test's thread already runs Playwright's event loop."""
    from bot.delivery.service import run_worker

    failed: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(run_worker(services, drain=True, clock=clock))
        except BaseException as e:  # noqa: BLE001 - raised again in the test's thread
            failed.append(e)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "the delivery worker did not finish"
    if failed:
        raise failed[0]
