"""The bot as `buergerbot serve` builds it: from the settings, run by the web app's lifespan."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest

from app.services import build_services
from app.settings import Settings
from bot.telegram.application import StartBackoff, State, from_services, webhook_secret
from bot.web import create_app
from bot.web.app import Check
from tests.serving import free_port
from tests.telegram.botapi_standin import TOKEN, BotApiStandIn, serving
from tests.telegram.conftest import NOW
from tests.telegram.doubles import ScriptedEngine

pytestmark = pytest.mark.anyio


def bot_for(city, db, clock=None, **settings):
    services = build_services(Settings(**settings), city=city, db=db)
    return from_services(ScriptedEngine(), services, clock)


def test_no_token_no_bot(city, db) -> None:
    assert bot_for(city, db) is None


async def test_polling_bot_from_the_settings_serves_staff(city, db, booking):
    api = BotApiStandIn()
    async with serving(api) as url:
        staff = Settings.from_env({"BUERGERBOT_STAFF_IDS": "777, not-a-number"}).staff_ids
        bot = bot_for(
            city, db, lambda: NOW, telegram_token=TOKEN, telegram_api_url=url, staff_ids=staff
        )
        assert bot.routes() == []  # polling: nothing to mount
        async with bot.lifespan(None):
            api.message(777, "/tagesliste")
            day = await api.wait_for(lambda: api.sent("sendMessage", 777))
            api.release()
    assert day[0].params["text"].startswith("Termine am Mittwoch, 15. September 2021: 2")
    assert not bot.application.running


def test_webhook_mode_from_the_settings(city, db) -> None:
    bot = bot_for(
        city, db, telegram_token=TOKEN, telegram_webhook_url="https://bot.example.org/tg/hook"
    )
    assert [r.path for r in bot.routes()] == ["/tg/hook"]
    assert bot.secret == webhook_secret(TOKEN) and bot.application.updater is None


class Gate:
    """The bot's wait between start attempts, opened by the test: no wall-clock waits."""

    def __init__(self) -> None:
        self.waits: list[float] = []
        self._open = asyncio.Event()

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        await self._open.wait()
        self._open.clear()

    def open(self) -> None:
        self._open.set()


async def test_telegram_unreachable_at_start_is_retried_and_reported(caplog, city, db):
    """Stand-in down at start: the web app serves and /healthz says "retrying"; stand-in up:
    the bot starts by itself, /healthz says "ok", and messages are answered."""
    api, gate, port = BotApiStandIn(), Gate(), free_port()
    bot = bot_for(
        city, db, lambda: NOW, telegram_token=TOKEN, telegram_api_url=f"http://127.0.0.1:{port}/bot"
    )
    bot.sleep = gate

    async def telegram() -> Check:
        return Check(bot.state.value, required=False)

    web = create_app(ScriptedEngine(), health={"telegram": telegram})
    transport = httpx.ASGITransport(app=web)
    async with httpx.AsyncClient(transport=transport, base_url="http://web") as http:
        with caplog.at_level(logging.ERROR):
            async with bot.lifespan(None):
                await api.wait_for(lambda: gate.waits)  # the first start failed
                health = await http.get("/healthz")
                assert health.status_code == 200
                assert health.json() == {"status": "degraded", "checks": {"telegram": "retrying"}}
                assert (await http.get("/widget.js")).status_code == 200  # the web app serves
                gate.open()
                await api.wait_for(lambda: len(gate.waits) == 2)  # still down: waits longer
                async with serving(api, port) as url:
                    assert url == bot.application.bot.base_url.removesuffix(TOKEN)
                    gate.open()
                    await api.wait_for(lambda: bot.state is State.OK)
                    health = await http.get("/healthz")
                    assert health.json() == {"status": "ok", "checks": {"telegram": "ok"}}
                    api.message(31, "/start")
                    greeting = await api.wait_for(lambda: api.sent("sendMessage", 31))
                    api.release()
    assert gate.waits == [1.0, 2.0] and bot.attempts == 3
    assert greeting[0].params["text"].startswith("Guten Tag")
    assert "Telegram channel not started (network" in caplog.text
    assert TOKEN not in caplog.text
    assert not bot.application.running


class Enough(Exception):
    """Ends the start loop after a few waits."""


async def test_the_backoff_doubles_up_to_its_cap(city, db):
    bot = bot_for(
        city, db, telegram_token=TOKEN, telegram_api_url=f"http://127.0.0.1:{free_port()}/bot"
    )
    bot.backoff = StartBackoff(first=1.0, cap=5.0)
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 5:
            raise Enough

    bot.sleep = sleep
    with pytest.raises(Enough):
        await bot.keep_starting()
    assert waits == [1.0, 2.0, 4.0, 5.0, 5.0] and bot.state is State.RETRYING


async def test_the_token_stays_out_of_info_logs(caplog, city, db):
    api = BotApiStandIn()
    async with serving(api) as url:
        bot = bot_for(city, db, lambda: NOW, telegram_token=TOKEN, telegram_api_url=url)
        with caplog.at_level(logging.DEBUG, logger="telegram"), caplog.at_level(logging.INFO):
            async with bot.running():
                api.message(31, "Mein Name ist Erika Mustermann")
                await api.wait_for(lambda: api.sent("sendMessage", 31))
                api.release()
    assert api.sent("getMe")  # HTTP calls were made, and none of them was logged with the token
    assert caplog.records and not any(TOKEN in r.getMessage() for r in caplog.records)
    assert not any("Erika" in r.getMessage() for r in caplog.records if r.levelno >= logging.INFO)
