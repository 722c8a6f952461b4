"""Webhook mode: Telegram POSTs updates to a route mounted in the web app, secret checked."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from bot.telegram.application import TelegramBot, build_application, webhook_secret
from tests.telegram.botapi_standin import TOKEN, BotApiStandIn, serving
from tests.telegram.conftest import channel_for

pytestmark = pytest.mark.anyio
HOOK = "https://buergerbot.example.org/telegram/hook"


async def test_webhook_route_checks_the_secret_and_serves_the_update(city, db, booking) -> None:
    api = BotApiStandIn()
    channel = channel_for(city, db, booking)
    secret = webhook_secret(TOKEN)
    async with serving(api) as url:
        bot = TelegramBot(build_application(channel, TOKEN, url, webhook=True), secret, HOOK)
        web = Starlette(routes=bot.routes())
        async with bot.running():
            assert api.webhook["url"] == HOOK and api.webhook["secret_token"] == secret
            assert not api.sent("getUpdates")  # no polling in webhook mode
            transport = httpx.ASGITransport(app=web)
            async with httpx.AsyncClient(transport=transport, base_url="http://web") as client:
                update = api.message_update(31, "/start")
                wrong = {"X-Telegram-Bot-Api-Secret-Token": "guess"}
                assert (
                    await client.post("/telegram/hook", json=update, headers=wrong)
                ).status_code == 403
                assert (await client.post("/telegram/hook", json=update)).status_code == 403
                right = {"X-Telegram-Bot-Api-Secret-Token": secret}
                bad = await client.post("/telegram/hook", content=b"{nope", headers=right)
                assert bad.status_code == 400
                assert (
                    await client.post("/telegram/hook", json=update, headers=right)
                ).status_code == 200
                greeting = await api.wait_for(lambda: api.sent("sendMessage", 31))
    assert greeting[0].params["text"].startswith("Guten Tag")
    assert [t.text for t in channel.engine.turns] == ["/greet"]  # the forged posts did nothing


def test_secret_is_stable_per_token_and_allowed_by_telegram() -> None:
    secret = webhook_secret(TOKEN)
    assert secret == webhook_secret(TOKEN) != webhook_secret("other:token")
    assert 1 <= len(secret) <= 256 and secret.isalnum()
