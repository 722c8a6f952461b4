"""The must-show: 10,000 appointments across channels cancelled in one transaction with 10,000
notices, the worker (a real `buergerbot staff deliver` process) killed with SIGKILL mid-way and
started again, and every person told exactly once.

The kill lands at the hardest moment: requests the Bot API stand-in has received but not yet
answered, so the dead worker never learnt they arrived. A high configured rate keeps the run
short; pacing at the real rate is bench/broadcast.py's job.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections import Counter, defaultdict
from datetime import date
from email import message_from_bytes
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from storage.cutover import CutoverService
from storage.db import open_database
from storage.models import AppointmentRow, OutboxRow
from storage.outbox import IN_DOUBT, Outbox
from tests.outreach.population import populate
from tests.serving import free_port
from tests.storage.support import BERLIN_CONFIG, berlin
from tests.telegram.botapi_standin import TOKEN, BotApiStandIn, serving

pytestmark = [pytest.mark.anyio, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
# per 20 persons: 3 Telegram chats, 1 e-mail address, 12 web widgets, 4 phone numbers only
KINDS = ("telegram", "web", "phone", "web", "web", "telegram", "web", "email", "web", "phone",
         "web", "telegram", "web", "phone", "web", "web", "phone", "web", "web", "web")  # fmt: skip
N = 10_000


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class Mailbox:
    """An aiosmtpd handler that keeps what arrives: (recipient, Message-ID)."""

    def __init__(self) -> None:
        self.received: list[tuple[str, str]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        message = message_from_bytes(envelope.original_content)
        for rcpt in envelope.rcpt_tos:
            self.received.append((rcpt, message["Message-ID"]))
        return "250 OK"


async def deliver(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "staff", "deliver", "--rate", "500",
        "--lease-seconds", "2", env=env, cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def wait_until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


async def test_ten_thousand_notices_survive_a_killed_worker(tmp_path, city):
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    db = open_database(url)
    db.upgrade()
    made = populate(db, N, berlin(2021, 9, 1, 8, 0), berlin(2021, 8, 1, 9, 0), kinds=KINDS)
    result = CutoverService(db, city).run(date(2021, 9, 1), "staff:cli", berlin(2021, 8, 20, 10))
    assert (result.cancelled, result.notices) == (N, N)
    with db.read() as s:
        cancelled = s.scalar(
            select(func.count()).where(AppointmentRow.status == "cancelled_by_cutover")
        )
        assert cancelled == N
        assert s.scalar(select(func.count()).select_from(OutboxRow)) == N

    api, mailbox = BotApiStandIn(), Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    try:
        async with serving(api) as api_url:
            env = {**os.environ, "DATABASE_URL": url, "BUERGERBOT_CONFIG": str(BERLIN_CONFIG),
                   "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": api_url,
                   "SMTP_URL": f"smtp://127.0.0.1:{smtp.port}", "BUERGERBOT_EMAIL_RATE": "500",
                   "PYTHONPATH": str(ROOT)}  # fmt: skip
            first = await deliver(env)
            sent = lambda: len(api.sent("sendMessage"))  # noqa: E731
            await wait_until(lambda: sent() >= len(made.telegram) // 3, 120, "a third sent")
            api.hold()  # requests arrive, answers wait: the worker cannot know they arrived
            await wait_until(lambda: api.held >= 3, 30, "requests in flight")
            await asyncio.sleep(0.2)
            first.send_signal(signal.SIGKILL)
            await first.wait()
            api.answer_held()
            assert first.returncode == -signal.SIGKILL

            second = await deliver(env)
            out, err = await asyncio.wait_for(second.communicate(), 300)
            assert second.returncode == 0, err.decode()[-2000:]
    finally:
        smtp.stop()

    received = Counter(c.params["chat_id"] for c in api.sent("sendMessage"))
    assert set(received) == set(made.telegram.values())
    assert set(received.values()) == {1}, "a chat was told twice"

    mails = defaultdict(set)
    for rcpt, message_id in mailbox.received:
        mails[rcpt].add(message_id)
    assert set(mails) == set(made.email.values())
    assert all(len(ids) == 1 for ids in mails.values()), "two different e-mails to one person"

    outbox, now = Outbox(db), berlin(2021, 8, 21, 9, 0)
    for sender in made.web.values():  # each web citizen comes back
        assert len(outbox.take_web(sender, now)) == 1
    assert outbox.report("cutover:2021-09-01").counts["web"]["delivered"] == len(made.web)

    report = outbox.report("cutover:2021-09-01")
    telegram = report.counts["telegram"]
    assert telegram["delivered"] + telegram["failed"] == len(made.telegram)
    assert telegram["failed"] == report.in_doubt == api.held  # the held ones: they did arrive
    assert report.counts["email"]["delivered"] == len(made.email)
    assert report.counts["none"]["undeliverable"] == len(made.phone_only)
    with db.read() as s:
        doubtful = set(s.scalars(select(OutboxRow.address).where(OutboxRow.last_error == IN_DOUBT)))
    assert {int(a.split(":")[1]) for a in doubtful} <= set(received)
    db.dispose()
