"""The real PTB client, wired by `bot/telegram.py`, against the Bot API stand-in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from botapi_standin import TOKEN, BotApiStandIn, serving
from doubles import Audit, Bookings, Chats, Cutover, Entry, ScriptedEngine

from bot.callbacks import MemoryCallbackStore
from bot.config import load_city
from bot.staff import StaffService
from bot.telegram import RetryPolicy, TelegramBot, TelegramChannel, build_application
from office.city import City

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2021, 9, 15, 10, 0, tzinfo=BERLIN)  # a Wednesday
STAFF_ID = 777
CONFIG = Path(__file__).parents[2] / "config" / "brandenburg-havel.yaml"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def city() -> City:
    return load_city(CONFIG)


@dataclass
class Harness:
    api: BotApiStandIn
    engine: ScriptedEngine
    chats: Chats
    audit: Audit
    bookings: Bookings
    cutover: Cutover
    callbacks: MemoryCallbackStore
    bot: TelegramBot


def staff_bookings() -> Bookings:
    at = lambda h, m: datetime(2021, 9, 15, h, m, tzinfo=BERLIN)  # noqa: E731
    return Bookings(
        [
            Entry(at(9, 15), "BB-2BBBB", "reisepass", "Max Muster", "booked"),
            Entry(at(9, 0), "BB-1AAAA", "personalausweis", "Erika Mustermann", "confirmed"),
            Entry(
                datetime(2021, 9, 17, 8, 0, tzinfo=BERLIN),
                "BB-3CCCC",
                "beglaubigung",
                "Ida",
                "booked",
            ),
        ]
    )


def channel_with_doubles(city: City) -> tuple[TelegramChannel, dict[str, Any]]:
    engine, chats, audit, bookings = ScriptedEngine(), Chats(), Audit(), staff_bookings()
    cutover = Cutover(bookings)
    staff = StaffService(city, frozenset({f"telegram:{STAFF_ID}"}), bookings, audit, cutover)
    callbacks = MemoryCallbackStore()
    retry = RetryPolicy(attempts=3, backoff=0.05)
    channel = TelegramChannel(engine, city, callbacks, chats, lambda: NOW, staff, retry)
    parts = dict(engine=engine, chats=chats, audit=audit, bookings=bookings, cutover=cutover)
    return channel, {**parts, "callbacks": callbacks}


@pytest.fixture
async def harness(city: City) -> AsyncIterator[Harness]:
    """The channel polling the stand-in."""
    api = BotApiStandIn()
    channel, parts = channel_with_doubles(city)
    async with serving(api) as url:
        bot = TelegramBot(build_application(channel, TOKEN, url), "s3cret", poll_timeout=5)
        async with bot.running():
            yield Harness(api=api, bot=bot, **parts)
            api.release()
