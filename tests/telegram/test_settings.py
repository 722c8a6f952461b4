"""The bot as `buergerbot serve` builds it: from the environment, run by the web app's lifespan."""

from __future__ import annotations

import logging

import pytest

from bot.telegram import from_settings, webhook_secret
from tests.telegram.botapi_standin import TOKEN, BotApiStandIn, serving
from tests.telegram.conftest import NOW
from tests.telegram.doubles import ScriptedEngine

pytestmark = pytest.mark.anyio


def test_no_token_no_bot(monkeypatch, city, db, booking) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert from_settings(ScriptedEngine(), city, db, booking) is None


async def test_polling_bot_from_the_environment_serves_staff(monkeypatch, city, db, booking):
    api = BotApiStandIn()
    async with serving(api) as url:
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
        monkeypatch.setenv("TELEGRAM_API_URL", url)
        monkeypatch.setenv("BUERGERBOT_STAFF_IDS", "777, not-a-number")
        monkeypatch.delenv("TELEGRAM_WEBHOOK_URL", raising=False)
        bot = from_settings(ScriptedEngine(), city, db, booking, clock=lambda: NOW)
        assert bot.routes() == []  # polling: nothing to mount
        async with bot.lifespan(None):
            api.message(777, "/tagesliste")
            day = await api.wait_for(lambda: api.sent("sendMessage", 777))
            api.release()
    assert day[0].params["text"].startswith("Termine am Mittwoch, 15. September 2021: 2")
    assert not bot.application.running


def test_webhook_mode_from_the_environment(monkeypatch, city, db, booking) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", "https://bot.example.org/tg/hook")
    bot = from_settings(ScriptedEngine(), city, db, booking)
    assert [r.path for r in bot.routes()] == ["/tg/hook"]
    assert bot.secret == webhook_secret(TOKEN) and bot.application.updater is None


async def test_unreachable_telegram_does_not_stop_the_web_app(
    monkeypatch, caplog, city, db, booking
):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_API_URL", "http://127.0.0.1:9/bot")  # nothing listens
    monkeypatch.delenv("TELEGRAM_WEBHOOK_URL", raising=False)
    bot = from_settings(ScriptedEngine(), city, db, booking)
    with caplog.at_level(logging.ERROR):
        async with bot.lifespan(None):
            served = True
    assert served and "Telegram channel not started" in caplog.text


async def test_the_token_stays_out_of_info_logs(monkeypatch, caplog, city, db, booking):
    api = BotApiStandIn()
    async with serving(api) as url:
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
        monkeypatch.setenv("TELEGRAM_API_URL", url)
        monkeypatch.delenv("TELEGRAM_WEBHOOK_URL", raising=False)
        bot = from_settings(ScriptedEngine(), city, db, booking, clock=lambda: NOW)
        with caplog.at_level(logging.DEBUG, logger="telegram"), caplog.at_level(logging.INFO):
            async with bot.running():
                api.message(31, "Mein Name ist Erika Mustermann")
                await api.wait_for(lambda: api.sent("sendMessage", 31))
                api.release()
    assert api.sent("getMe")  # HTTP calls were made, and none of them was logged with the token
    assert caplog.records and not any(TOKEN in r.getMessage() for r in caplog.records)
    assert not any("Erika" in r.getMessage() for r in caplog.records if r.levelno >= logging.INFO)
