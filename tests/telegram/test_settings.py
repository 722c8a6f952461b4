"""The bot as `buergerbot serve` builds it: from the settings, run by the web app's lifespan."""

from __future__ import annotations

import logging

import pytest

from app.services import build_services
from app.settings import Settings
from bot.telegram import from_services, webhook_secret
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


async def test_unreachable_telegram_does_not_stop_the_web_app(caplog, city, db):
    # nothing listens on port 9
    bot = bot_for(city, db, telegram_token=TOKEN, telegram_api_url="http://127.0.0.1:9/bot")
    with caplog.at_level(logging.ERROR):
        async with bot.lifespan(None):
            served = True
    assert served and "Telegram channel not started" in caplog.text


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
