"""The Telegram application: python-telegram-bot's Application put together (rate limiter,
per-chat order, connection pools), the webhook route, and its start and stop inside the web
app's lifespan.

Telegram may be unreachable when the server starts (a network not up yet, a city's own Bot API
server restarting). The web app must serve anyway, and the bot must come up by itself once
Telegram answers: `TelegramBot.lifespan` starts it in the background, retrying with capped
exponential backoff, and `state` tells `/healthz` where it stands.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import hashlib
import hmac
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response as HttpResponse
from starlette.routing import Route
from telegram import Bot, BotCommand, BotCommandScopeDefault, Update
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, Application, BaseUpdateProcessor
from telegram.request import HTTPXRequest

from app.services import Services
from bot.staff import StaffService
from bot.telegram.channel import MENU, TelegramChannel, sender_of
from bot.telegram.errors import classify
from bot.turn import Engine
from office.texts import t

log = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]


class State(enum.Enum):
    """The bot as `/healthz` reports it ("off" is the web app's: no token configured)."""

    STARTING = "starting"
    OK = "ok"
    RETRYING = "retrying"  # the last start failed; the next attempt is scheduled


@dataclass(frozen=True)
class StartBackoff:
    first: float = 1.0  # seconds before the second attempt
    cap: float = 60.0  # never waits longer than this between attempts


class PerChatOrder(BaseUpdateProcessor):
    """Different chats are served concurrently; one chat's updates strictly in order."""

    def __init__(self, max_concurrent_updates: int = 64):
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock = self._locks.setdefault(chat.id, asyncio.Lock())
        self._users[chat.id] = self._users.get(chat.id, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._users[chat.id] -= 1
            if not self._users[chat.id]:
                del self._users[chat.id], self._locks[chat.id]

    async def initialize(self) -> None:
        """Nothing to set up: locks are made on demand."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def build_application(
    channel: TelegramChannel,
    token: str,
    api_url: str,
    *,
    webhook: bool = False,
    pool_size: int = 64,
    flood_retries: int = 3,
) -> Application:
    """The one place the PTB Application is put together."""
    # httpx logs every request URL at INFO, and Bot API URLs carry the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    builder = (
        Application.builder()
        .token(token)
        .base_url(api_url)
        .request(HTTPXRequest(connection_pool_size=pool_size))
        .get_updates_request(HTTPXRequest(connection_pool_size=2))
        .rate_limiter(AIORateLimiter(max_retries=flood_retries))
        .concurrent_updates(PerChatOrder())
    )
    if webhook:
        builder = builder.updater(None)
    app = builder.build()
    channel.install(app)
    return app


async def publish_commands(bot: Bot) -> None:
    """The command menu in German (also the default) and English."""
    german = [BotCommand(de, t("de", key)) for de, _, key, _ in MENU]
    english = [BotCommand(en, t("en", key)) for _, en, key, _ in MENU]
    await bot.set_my_commands(german, scope=BotCommandScopeDefault())
    await bot.set_my_commands(german, scope=BotCommandScopeDefault(), language_code="de")
    await bot.set_my_commands(english, scope=BotCommandScopeDefault(), language_code="en")


def webhook_secret(token: str) -> str:
    """Derived from the token, so every worker agrees without another setting."""
    return hmac.new(token.encode(), b"buergerbot-webhook", hashlib.sha256).hexdigest()


@dataclass
class TelegramBot:
    """The running shape of the channel, for the web app: a lifespan and maybe a route."""

    application: Application
    secret: str
    webhook_url: str | None = None
    poll_timeout: int = 30  # seconds a getUpdates long poll waits
    backoff: StartBackoff = StartBackoff()
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep  # between start attempts
    state: State = State.STARTING
    attempts: int = 0  # starts tried so far

    def routes(self) -> list[Route]:
        """The webhook route to mount in the web app (none in polling mode)."""
        if not self.webhook_url:
            return []
        path = urlsplit(self.webhook_url).path or "/"
        return [Route(path, self.receive, methods=["POST"])]

    async def receive(self, request: Request) -> HttpResponse:
        """Telegram's POST: checked against the secret token, then queued for processing."""
        given = request.headers.get("x-telegram-bot-api-secret-token", "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            return HttpResponse(status_code=403)
        if self.state is not State.OK:
            return HttpResponse(status_code=503)  # Telegram keeps the update and sends it again
        try:
            update = Update.de_json(await request.json(), self.application.bot)
        except (ValueError, TypeError, KeyError):
            return HttpResponse(status_code=400)
        await self.application.update_queue.put(update)
        return HttpResponse(status_code=200)

    async def start(self) -> None:
        """Publish the menu, then poll or register the webhook."""
        app = self.application
        await app.initialize()
        await publish_commands(app.bot)
        if self.webhook_url:
            await app.bot.set_webhook(
                self.webhook_url, secret_token=self.secret, allowed_updates=ALLOWED_UPDATES
            )
        else:
            assert app.updater is not None  # built with one unless in webhook mode
            await app.updater.start_polling(
                timeout=self.poll_timeout, allowed_updates=ALLOWED_UPDATES
            )
        await app.start()
        self.state = State.OK

    async def stop(self) -> None:
        app = self.application
        if app.updater and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()

    async def keep_starting(self) -> None:
        """`start` until it succeeds, waiting `first`, 2×, 4×… up to `cap` between attempts;
        each failure is logged with Telegram's reason (never the token)."""
        wait = self.backoff.first
        while True:
            self.attempts += 1
            try:
                await self.start()
            except TelegramError as e:
                verdict = classify(e)
                self.state = State.RETRYING
                log.error(
                    "Telegram channel not started (%s: %s); next attempt in %.1f s",
                    verdict.fault.value, verdict.detail, wait,
                )  # fmt: skip
                await self.stop()
            else:
                if self.attempts > 1:
                    log.warning("Telegram channel started at attempt %d", self.attempts)
                return
            await self.sleep(wait)
            wait = min(wait * 2, self.backoff.cap)

    @asynccontextmanager
    async def running(self) -> AsyncIterator[Application]:
        await self.start()
        try:
            yield self.application
        finally:
            await self.stop()

    @asynccontextmanager
    async def lifespan(self, _web: object) -> AsyncIterator[None]:
        """Starlette's `lifespan=`: the bot runs as long as the web app. The web app serves at
        once; the bot starts beside it and keeps trying while Telegram cannot be reached."""
        self.state, self.attempts = State.STARTING, 0
        starting = asyncio.create_task(self.keep_starting())
        try:
            yield
        finally:
            starting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await starting
            await self.stop()


def from_services(
    engine: Engine, services: Services, clock: Callable[[], datetime] | None = None
) -> TelegramBot | None:
    """The bot over the bootstrap's parts, as the settings configure it; None without
    TELEGRAM_BOT_TOKEN. The staff's desk answers the accounts BUERGERBOT_STAFF_IDS names (and
    those linked in the console). Polling needs a single process: with several workers, set
    TELEGRAM_WEBHOOK_URL."""
    settings, city = services.settings, services.city
    token = settings.telegram_token
    if not token:
        return None
    staff_accounts = frozenset(sender_of(int(i)) for i in settings.staff_ids if i.isdigit())
    desk = StaffService(
        city,
        staff_accounts,
        services.booking,
        services.audit,
        services.cutover if city.cutover else None,
        services.broadcast,
        services.accounts,
    )
    channel = TelegramChannel(
        engine,
        city,
        services.callbacks,
        services.chats,
        clock or (lambda: datetime.now(city.tz)),
        desk,
    )
    webhook_url = settings.telegram_webhook_url
    app = build_application(
        channel, token, settings.telegram_api_url, webhook=webhook_url is not None
    )
    return TelegramBot(app, webhook_secret(token), webhook_url)
