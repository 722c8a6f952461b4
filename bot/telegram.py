"""The Telegram channel (python-telegram-bot v22): updates become engine turns, responses become
messages with inline keyboards.

Handlers only translate. Button payloads stay on the server behind short ids, one tap per
keyboard by its own chat; after a tap the message is edited to show the choice and loses its
keyboard. Every call to the Bot API goes through `deliver()`, which knows Telegram's faults: a
blocked bot marks the chat undeliverable, flood control waits as told (AIORateLimiter), network
trouble retries with backoff.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response as HttpResponse
from starlette.routing import Route
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeDefault,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.constants import ChatAction, ChatMemberStatus, MessageLimit
from telegram.error import Forbidden, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    ChatMemberHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from app.services import Services
from bot.staff import StaffService
from bot.turn import Engine, Response, Turn
from office import senders
from office.city import City
from office.texts import t

log = logging.getLogger(__name__)
T = TypeVar("T")

# The command menu: German command, English alias, description key, what the engine is told
# (None: the channel answers itself).
MENU = (
    ("termin", "book", "tg.cmd.book", "/book_appointment"),
    ("oeffnungszeiten", "hours", "tg.cmd.hours", "/ask_opening_hours"),
    ("ohnetermin", "walkin", "tg.cmd.walkin", "/ask_walkin_hours"),
    ("notfall", "emergency", "tg.cmd.emergency", "/report_emergency"),
    ("meinetermine", "appointments", "tg.cmd.appointments", "/my_appointments"),
    ("stornieren", "cancel", "tg.cmd.cancel", "/cancel_appointment"),
    ("sprache", "language", "tg.cmd.language", "/choose_language"),
    ("datenschutz", "privacy", "tg.cmd.privacy", None),
    ("hilfe", "help", "tg.cmd.help", "/help"),
)
ENGINE_COMMANDS = {"start": "/greet"} | {
    name: text for de, en, _, text in MENU if text for name in (de, en)
}
PRIVACY_COMMANDS = frozenset(name for de, en, _, text in MENU if not text for name in (de, en))
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]


class Callbacks(Protocol):
    """Button payloads behind short ids (Telegram allows 64 bytes of callback data)."""

    def put(self, sender: str, payloads: list[str], now: datetime) -> list[str]: ...

    def take(self, callback_id: str, sender: str, now: datetime) -> str | None:
        """The payload, once per keyboard; None for a used, unknown or someone else's id."""
        ...


class ChatStatus(Protocol):
    """Whether a chat can be written to; the outbox skips undeliverable ones."""

    def mark_undeliverable(self, sender: str, now: datetime) -> None: ...

    def mark_deliverable(self, sender: str, now: datetime) -> None: ...


class ChatBlocked(Exception):
    """The user blocked the bot: nothing more can be sent to this chat."""


@dataclass(frozen=True)
class RetryPolicy:
    """For timeouts and network errors; flood control (429) is the rate limiter's job."""

    attempts: int = 4
    backoff: float = 0.5  # seconds, doubled each time


def sender_of(chat_id: int) -> str:
    return senders.sender_id("telegram", chat_id)


def language_of(update: Update) -> str | None:
    """The user's Telegram language ('de-AT' -> 'de'); the engine falls back to German."""
    user = update.effective_user
    code = (user.language_code or "") if user else ""
    return code.split("-")[0].lower() or None


def split_command(text: str, bot_username: str | None) -> tuple[str, str] | None:
    """('termin', 'args') for '/termin@MyBot args'; None for text or another bot's command."""
    if not text.startswith("/"):
        return None
    head, _, args = text[1:].partition(" ")
    name, _, addressee = head.partition("@")
    if addressee and bot_username and addressee.lower() != bot_username.lower():
        return None
    return name.lower(), args


def chunks(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Telegram's 4,096-character limit, split between lines where possible."""
    out: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        cut = cut if cut > 0 else limit
        out.append(text[:cut])
        text = text[cut:].lstrip("\n")
    return [*out, text] if text else out


def button_title(query: CallbackQuery) -> str | None:
    """The title of the tapped button, read from the message it belongs to."""
    message = query.message
    if message is None or not message.is_accessible or message.reply_markup is None:
        return None
    for row in message.reply_markup.inline_keyboard:
        for button in row:
            if button.callback_data == query.data:
                return button.text
    return None


def keyboard(keys: Sequence[str], titles: Sequence[str]) -> InlineKeyboardMarkup:
    """Short titles (times, days) sit side by side; long ones get a row each."""
    longest = max(len(title) for title in titles)
    width = 3 if longest <= 8 else 2 if longest <= 18 else 1
    buttons = [
        InlineKeyboardButton(title, callback_data=k) for k, title in zip(keys, titles, strict=True)
    ]
    return InlineKeyboardMarkup([buttons[i : i + width] for i in range(0, len(buttons), width)])


class TelegramChannel:
    def __init__(
        self,
        engine: Engine,
        city: City,
        callbacks: Callbacks,
        chats: ChatStatus,
        clock: Callable[[], datetime],
        staff: StaffService | None = None,
        retry: RetryPolicy = RetryPolicy(),
    ):
        self.engine = engine
        self.city = city
        self.callbacks = callbacks
        self.chats = chats
        self.clock = clock
        self.staff = staff
        self.retry = retry

    def install(self, app: Application) -> None:
        private = filters.ChatType.PRIVATE
        app.add_handler(
            MessageHandler(filters.UpdateType.MESSAGE & private & filters.TEXT, self.on_text)
        )
        app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & private, self.on_other))
        app.add_handler(CallbackQueryHandler(self.on_tap))
        app.add_handler(ChatMemberHandler(self.on_membership, ChatMemberHandler.MY_CHAT_MEMBER))
        app.add_error_handler(self.on_error)

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A typed message or command: staff and local commands here, the rest to the engine."""
        message, lang, now = update.effective_message, language_of(update), self.clock()
        sender = sender_of(message.chat_id)
        text = message.text
        command = split_command(text, context.bot.username)
        if command:
            name, args = command
            if name in PRIVACY_COMMANDS:
                answer = [Response(self.privacy(lang))]
                return await self.guarded(context.bot, sender, answer, now, lang)
            actor = sender_of(update.effective_user.id)
            answer = self.staff and await asyncio.to_thread(
                self.staff.command, name, args, actor, now, lang
            )
            if answer is not None:
                return await self.guarded(context.bot, sender, answer, now, lang)
            text = ENGINE_COMMANDS.get(name, text)
        await self.converse(context.bot, Turn(sender, text, now, lang))

    async def on_other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Photos, stickers, voice: say politely that only text is understood."""
        lang = language_of(update)
        answer = [Response(t(lang, "tg.text_only"))]
        sender = sender_of(update.effective_chat.id)
        await self.guarded(context.bot, sender, answer, self.clock(), lang)

    async def on_tap(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A button: claim its payload once, show the choice in place of the keyboard, go on."""
        query, lang, now = update.callback_query, language_of(update), self.clock()
        sender = sender_of(query.from_user.id)  # private chats only: the chat is the user
        payload = await asyncio.to_thread(self.callbacks.take, query.data or "", sender, now)
        title = button_title(query)
        if payload is None:
            # a real button of this message was used already; anything else is forged or foreign
            refusal = t(lang, "tg.button_used" if title else "tg.button_invalid")
            await self.deliver(sender, lambda: query.answer(refusal, show_alert=True))
            return
        await self.deliver(sender, lambda: query.answer())
        if title and query.message.text:
            chosen = t(lang, "tg.chosen", choice=title)
            original = query.message.text[: MessageLimit.MAX_TEXT_LENGTH - len(chosen) - 2]
            edited = f"{original}\n\n{chosen}"
            await self.deliver(sender, lambda: query.edit_message_text(edited, reply_markup=None))
        actor = sender_of(query.from_user.id)
        answer = self.staff and await asyncio.to_thread(
            self.staff.confirm, payload, actor, now, lang
        )
        if answer is not None:
            return await self.guarded(context.bot, sender, answer, now, lang)
        await self.converse(context.bot, Turn(sender, payload, now, lang))

    async def on_membership(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Telegram tells us when a user blocks or restarts the bot."""
        member = update.my_chat_member
        sender, now = sender_of(member.chat.id), self.clock()
        if member.new_chat_member.status == ChatMemberStatus.BANNED:
            await asyncio.to_thread(self.chats.mark_undeliverable, sender, now)
        elif member.new_chat_member.status == ChatMemberStatus.MEMBER:
            await asyncio.to_thread(self.chats.mark_deliverable, sender, now)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Details for the staff's log (no message texts); a short apology for the citizen."""
        update_id = update.update_id if isinstance(update, Update) else None
        log.error("Telegram update %s failed", update_id, exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat:
            text = t(language_of(update), "tg.apology")
            try:
                await context.bot.send_message(update.effective_chat.id, text)
            except Exception:  # noqa: BLE001 - the apology is best effort; the log has the fault
                log.warning("apology to chat failed too", exc_info=True)

    async def converse(self, bot: Bot, turn: Turn) -> None:
        """'typing…' while the engine works, then its answer."""
        chat_id = int(senders.account_of(turn.sender))
        try:
            await self.deliver(
                turn.sender, lambda: bot.send_chat_action(chat_id, ChatAction.TYPING)
            )
        except ChatBlocked:
            return
        except NetworkError:
            log.info("typing indicator not sent")
        responses = await self.engine.handle(turn)
        await self.guarded(bot, turn.sender, responses, turn.now, turn.lang)

    def privacy(self, lang: str | None) -> str:
        office = self.city.office.get(lang or "de") or self.city.office.get("de") or self.city.name
        periods = self.city.retention.notice_values()
        return t(lang, "privacy", office=office, phone=self.city.phone, **periods)

    async def guarded(
        self, bot: Bot, sender: str, responses: list[Response], now: datetime, lang: str | None
    ) -> None:
        """`render`, stopping quietly when the user has blocked the bot."""
        try:
            await self.render(bot, sender, responses, now, lang)
        except ChatBlocked:
            log.info("chat became undeliverable; remaining answers dropped")

    async def render(
        self, bot: Bot, sender: str, responses: list[Response], now: datetime, lang: str | None
    ) -> None:
        """Each response becomes messages: text (split at 4,096), a keyboard, an .ics file."""
        chat_id = int(senders.account_of(sender))
        for response in responses:
            text = response.text or (t(lang, "tg.choose") if response.buttons else "")
            parts = chunks(text)
            for i, part in enumerate(parts):
                markup = None
                if response.buttons and i == len(parts) - 1:
                    payloads = [b.payload for b in response.buttons]
                    keys = await asyncio.to_thread(self.callbacks.put, sender, payloads, now)
                    markup = keyboard(keys, [b.title for b in response.buttons])
                await self.deliver(
                    sender, lambda p=part, m=markup: bot.send_message(chat_id, p, reply_markup=m)
                )
            ics = (response.custom or {}).get("ics")
            if ics:
                content = ics["content"].encode("utf-8")
                await self.deliver(
                    sender,
                    lambda c=content, f=ics["filename"]: bot.send_document(
                        chat_id, document=c, filename=f
                    ),
                )

    async def deliver(self, sender: str, call: Callable[[], Awaitable[T]]) -> T:
        """One Bot API call, made to survive Telegram's faults (see the module docstring)."""
        for attempt in range(self.retry.attempts):
            try:
                return await call()
            except Forbidden:
                await asyncio.to_thread(self.chats.mark_undeliverable, sender, self.clock())
                raise ChatBlocked(sender) from None
            except NetworkError:  # includes TimedOut
                if attempt == self.retry.attempts - 1:
                    raise
                log.info("Bot API network error, retry %d", attempt + 1)
                await asyncio.sleep(self.retry.backoff * 2**attempt)
        raise AssertionError("unreachable")


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
    poll_timeout: float = 30

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
            await app.updater.start_polling(
                timeout=self.poll_timeout, allowed_updates=ALLOWED_UPDATES
            )
        await app.start()

    async def stop(self) -> None:
        app = self.application
        if app.updater and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()

    @asynccontextmanager
    async def running(self) -> AsyncIterator[Application]:
        await self.start()
        try:
            yield self.application
        finally:
            await self.stop()

    @asynccontextmanager
    async def lifespan(self, _web: object) -> AsyncIterator[None]:
        """Starlette's `lifespan=`: the bot runs as long as the web app. If Telegram cannot be
        reached at start, the web app still serves and the log says why."""
        try:
            await self.start()
        except TelegramError:
            log.exception("Telegram channel not started")
            await self.stop()
            yield
            return
        try:
            yield
        finally:
            await self.stop()


def from_services(
    engine: Engine, services: Services, clock: Callable[[], datetime] | None = None
) -> TelegramBot | None:
    """The bot over the bootstrap's parts, as the settings configure it; None without
    TELEGRAM_BOT_TOKEN. Polling needs a single process: with several workers, set
    TELEGRAM_WEBHOOK_URL."""
    settings, city = services.settings, services.city
    token = settings.telegram_token
    if not token:
        return None
    staff_accounts = frozenset(sender_of(int(i)) for i in settings.staff_ids if i.isdigit())
    staff = StaffService(
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
        staff,
    )
    webhook_url = settings.telegram_webhook_url
    app = build_application(
        channel, token, settings.telegram_api_url, webhook=webhook_url is not None
    )
    return TelegramBot(app, webhook_secret(token), webhook_url)
