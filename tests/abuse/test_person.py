"""One person across Telegram, the web and a phone number: a determined booker who proved her
mailbox from her Telegram chat once books there by phone, then on the web with that mailbox,
then again. Against `buergerbot serve` with two workers on PostgreSQL, Telegram in webhook
mode (updates POSTed as Telegram does, answers to a Bot API stand-in on 127.0.0.1)."""

from __future__ import annotations

import asyncio
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy import func, or_, select

from bot.telegram.application import webhook_secret
from office.lifecycle import ACTIVE
from storage.db import open_database
from storage.models import AppointmentRow, OutboxRow
from tests.abuse.client import WebClient, book, text
from tests.abuse.conftest import ALTCHA_KEY, Served
from tests.serving import serving
from tests.storage.conftest import postgres_server
from tests.storage.support import link_in, sent_code
from tests.telegram.botapi_standin import TOKEN, BotApiStandIn
from tests.telegram.botapi_standin import serving as standin_serving

HOOK = "/telegram/hook"
CHAT = 7301
EMAIL = "erika.muster@example.org"
PHONE = "0171 5550123"
REFUSED = "schon einen Termin"  # book.limit, book.limit_sent


class Telegram:
    """The stand-in on a loop of its own; updates go to the served webhook, as Telegram's do."""

    def __init__(self) -> None:
        self.api = BotApiStandIn()
        self.api._push = self._post  # type: ignore[method-assign]  # webhook, not getUpdates
        self.url = ""
        self.base = ""
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_until_complete, args=(self._run(),))
        self._thread.start()
        assert self._ready.wait(30)

    async def _run(self) -> None:
        self._stop = asyncio.Event()
        async with standin_serving(self.api) as url:
            self.url = url
            self._ready.set()
            await self._stop.wait()

    def close(self) -> None:
        assert self._stop is not None
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(30)

    def _post(self, update: dict[str, Any]) -> None:
        headers = {"X-Telegram-Bot-Api-Secret-Token": webhook_secret(TOKEN)}
        deadline = time.monotonic() + 60
        while httpx.post(self.base + HOOK, json=update, headers=headers).status_code == 503:
            assert time.monotonic() < deadline, "the webhook never became ready"
            time.sleep(0.2)  # the worker is still starting its Telegram application

    def texts(self) -> str:
        return "\n".join(c.params.get("text", "") for c in self.api.sent("sendMessage", CHAT))

    def step(self, act: Callable[[], None], until: str) -> bool:
        """Do `act`, then wait for `until` (True) or a refusal by the limit (False)."""
        before = len(self.texts())
        act()

        def answered() -> bool:
            new = self.texts()[before:]
            return until in new or REFUSED in new

        self.wait(answered, until)
        return until in self.texts()[before:]

    def say(self, message: str, until: str) -> bool:
        return self.step(lambda: self.api.message(CHAT, message), until)

    def tap(self, title: str | None, until: str) -> bool:
        """Tap `title` (None: the first button) on the newest message that offers it."""

        def act() -> None:
            for call in reversed(self.api.sent("sendMessage", CHAT)):
                buttons = self.api.keyboard_of(call)
                chosen = buttons[0][1] if buttons and title is None else dict(buttons).get(title)
                if chosen:
                    self.api.tap(CHAT, self.api.message_of(call), chosen)
                    return
            raise AssertionError(f"no button {title!r}")

        return self.step(act, until)

    def wait(self, done: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + 60
        while not done():
            assert time.monotonic() < deadline, f"no {what!r} in:\n{self.texts()[-1500:]}"
            time.sleep(0.05)

    def book(self, contact: str) -> str:
        """A booking by taps, as the citizen makes it, to its end or a refusal; what was said."""
        before = len(self.texts())
        _ = (
            self.say("/termin", "Wofür")
            and self.tap("Personalausweis", "An welchem Tag")
            and self.tap(None, "Welche Uhrzeit")
            and self.tap(None, "Vor- und Nachname")
            and self.say("Erika Muster", "E-Mail-Adresse oder Telefonnummer")
            and self.say(contact, "verbindlich buchen")
            and self.tap("Ja", "gebucht")
        )
        return self.texts()[before:]


@pytest.fixture(scope="module")
def telegram_served() -> Iterator[tuple[Served, Telegram]]:
    url, why = postgres_server()
    if url is None:
        pytest.skip(f"NO POSTGRESQL at 127.0.0.1:5432 — abuse tests skipped ({why})")
    schema = f"bb_person_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with admin.begin() as c:
        c.exec_driver_sql(f"CREATE SCHEMA {schema}")
    database_url = f"{url}?options=-csearch_path%3D{schema}"
    telegram = Telegram()
    env = os.environ | {
        "DATABASE_URL": database_url,
        "BUERGERBOT_ALTCHA_KEY": ALTCHA_KEY,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": telegram.url,
        "TELEGRAM_WEBHOOK_URL": "https://buergerbot.example.org" + HOOK,
        "BUERGERBOT_VERIFY_CONTACTS": "on",  # the web asks for the code, read from the outbox
    }
    for name in ("REDIS_URL", "BUERGERBOT_TRUSTED_PROXIES", "SMTP_URL"):
        env.pop(name, None)
    try:
        with serving(env, workers=2) as base:
            telegram.base = base
            db = open_database(database_url)
            yield Served(base, db), telegram
            db.dispose()
    finally:
        telegram.close()
        with admin.begin() as c:
            c.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


def outbox_text(served: Served, dedupe_prefix: str) -> str:
    with served.db.read() as s:
        found = s.scalars(
            select(OutboxRow.payload["text"].as_string())
            .where(OutboxRow.dedupe_key.startswith(dedupe_prefix))
            .order_by(OutboxRow.id.desc())
        ).first()
    assert found, dedupe_prefix
    return found


def active_codes(served: Served, sender: str) -> list[str]:
    with served.db.read() as s:
        return list(
            s.scalars(
                select(AppointmentRow.code).where(
                    AppointmentRow.sender == sender,
                    AppointmentRow.status.in_([a.value for a in ACTIVE]),
                )
            )
        )


def web_booking(served: Served, sender: str, address: str, contact: str) -> str:
    """A web booking to the end: the code from the e-mail typed when one is asked for."""
    client = WebClient(served.url, sender, address=address)
    answer = book(client, "Erika Muster", contact)
    codes = active_codes(served, f"web:{sender}")
    if codes:  # pending: the e-mail's code, typed back
        answer = text(client.say(sent_code(served.db, codes[0])))
    client.close()
    return answer


def test_one_person_gets_one_appointment_across_telegram_web_and_phone(telegram_served):
    served, telegram = telegram_served
    chat = f"telegram:{CHAT}"
    # Earlier: she booked in her chat with her e-mail address, opened the link that proves it
    # for the chat, and cancelled that appointment.
    telegram.book(EMAIL)
    [earlier] = active_codes(served, chat)
    token = link_in(outbox_text(served, f"email_check:{chat}:"), "/email/bestaetigen/")
    assert "bestätigt" in httpx.post(f"{served.url}/email/bestaetigen/{token}").text
    telegram.say(f'/cancel_appointment{{"code":"{earlier}"}}', "wirklich stornieren")
    telegram.tap("Ja", "storniert")
    assert active_codes(served, chat) == []

    answers = {
        "telegram, phone": telegram.book(PHONE),
        "web, e-mail": web_booking(served, "erika-1", "127.0.4.1", EMAIL),
        "web, e-mail respelled": web_booking(
            served, "erika-2", "127.0.4.2", "Erika.Muster@Example.org"
        ),
        "telegram, other phone": telegram.book("0171 5550124"),
    }
    with served.db.read() as s:
        got = s.scalar(
            select(func.count(AppointmentRow.id)).where(
                AppointmentRow.status.in_([a.value for a in ACTIVE]),
                or_(
                    AppointmentRow.sender.in_([chat, "web:erika-1", "web:erika-2"]),
                    AppointmentRow.person_key.in_(["email:erika.muster@example.org"]),
                ),
            )
        )
    print(f"\nappointments one person gets across Telegram + web + phone: {got}")
    assert got == 1, answers
    assert "gebucht" in answers["telegram, phone"]
    [kept] = active_codes(served, chat)
    for how in ("web, e-mail", "web, e-mail respelled"):  # told where, not what
        assert REFUSED in answers[how] and kept not in answers[how]
