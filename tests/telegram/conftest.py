"""The real PTB client, wired by `bot/telegram.py`, against the Bot API stand-in; storage is
real (a migrated SQLite file), the dialogue engine a scripted double."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.config import load_city
from bot.staff import StaffService
from bot.telegram.application import TelegramBot, build_application
from bot.telegram.channel import RetryPolicy, TelegramChannel
from office.booking import Booked
from office.city import City
from storage.audit import AuditLog
from storage.booking import BookingService
from storage.callbacks import CallbackStore
from storage.chats import ChatStatusStore
from storage.db import Database, open_database
from storage.models import AuditRow, Base, UndeliverableChat
from tests.telegram.botapi_standin import TOKEN, BotApiStandIn, serving
from tests.telegram.doubles import Cutover, ScriptedEngine

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


@pytest.fixture(scope="session")
def migrated(tmp_path_factory) -> Database:
    db = open_database(f"sqlite:///{tmp_path_factory.mktemp('telegram') / 'bot.db'}")
    db.upgrade()
    yield db
    db.dispose()


@pytest.fixture
def db(migrated: Database) -> Database:
    with migrated.engine.begin() as c:
        for table in reversed(Base.metadata.sorted_tables):
            c.execute(table.delete())
    return migrated


@pytest.fixture
def booking(db: Database, city: City) -> BookingService:
    """Booked the day before: two on Wednesday 15th, one on Friday 17th, one on Tuesday 21st."""
    service = BookingService(db, city, random.Random(7))
    day_before = datetime(2021, 9, 14, 12, 0, tzinfo=BERLIN)
    for (day, hour, minute), service_id, name, email in [
        ((15, 9, 15), "reisepass", "Max Muster", "max@example.org"),
        ((15, 9, 0), "personalausweis", "Erika Mustermann", "erika@example.org"),
        ((17, 8, 0), "beglaubigung", "Ida Beispiel", "ida@example.org"),
        ((21, 9, 30), "meldebescheinigung", "Jan Probe", "jan@example.org"),
    ]:
        start = datetime(2021, 9, day, hour, minute, tzinfo=BERLIN)
        outcome = service.book(
            start, service_id, name, email=email, sender=f"telegram:{hour}{minute}", now=day_before
        )
        assert isinstance(outcome, Booked), outcome
    return service


def audit_rows(db: Database) -> list[tuple[str, str, str | None]]:
    with db.read() as s:
        rows = s.scalars(select(AuditRow).order_by(AuditRow.id)).all()
        return [(r.actor, r.action, r.detail) for r in rows]


def undeliverable(db: Database) -> set[str]:
    with db.read() as s:
        return set(s.scalars(select(UndeliverableChat.sender)))


@dataclass
class Harness:
    api: BotApiStandIn
    engine: ScriptedEngine
    db: Database
    booking: BookingService
    cutover: Cutover
    bot: TelegramBot


def channel_for(city: City, db: Database, booking: BookingService) -> TelegramChannel:
    staff = StaffService(
        city, frozenset({f"telegram:{STAFF_ID}"}), booking, AuditLog(db), Cutover(booking)
    )
    return TelegramChannel(
        ScriptedEngine(),
        city,
        CallbackStore(db),
        ChatStatusStore(db),
        lambda: NOW,
        staff,
        RetryPolicy(attempts=3, backoff=0.05),
    )


@pytest.fixture
async def harness(city: City, db: Database, booking: BookingService) -> AsyncIterator[Harness]:
    """The channel polling the stand-in."""
    api = BotApiStandIn()
    channel = channel_for(city, db, booking)
    async with serving(api) as url:
        bot = TelegramBot(build_application(channel, TOKEN, url), "s3cret", poll_timeout=5)
        async with bot.running():
            yield Harness(api, channel.engine, db, booking, channel.desk.cutover_tool, bot)
            api.release()
