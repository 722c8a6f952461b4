"""The Telegram channel (python-telegram-bot v22): updates become engine turns, responses become
messages with inline keyboards.

Handlers only translate. Button payloads stay on the server behind short ids, one tap per
keyboard by its own chat; after a tap the message is edited to show the choice and loses its
keyboard. Every call to the Bot API goes through `deliver()`, which reads Telegram's faults
through `bot.telegram.errors`: a blocked bot marks the chat undeliverable, flood control waits
as told (AIORateLimiter), network trouble retries with backoff, a refused request is not
repeated. Commands and taps meant for another desk (the staff's) are answered by `Desk`, which
decides who may use them; the channel knows nothing of staff.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar

from telegram import Bot, Message, Update
from telegram.constants import ChatAction, ChatMemberStatus, MessageLimit
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.offload import offload
from bot.telegram.errors import Fault, classify
from bot.telegram.render import button_title, chunks, keyboard
from bot.turn import Engine, Response, Turn
from office import senders
from office.city import City
from office.texts import lang_or_default, t

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


class Desk(Protocol):
    """Answers before the engine (the staff's tools, `bot.staff.StaffService`): None means
    "not mine", and the turn goes to the engine."""

    def command(
        self, name: str, args: str, actor: str, now: datetime, lang: str
    ) -> list[Response] | None: ...

    def confirm(self, text: str, actor: str, now: datetime, lang: str) -> list[Response] | None: ...


class ChatBlocked(Exception):
    """The user blocked the bot: nothing more can be sent to this chat."""


@dataclass(frozen=True)
class RetryPolicy:
    """For network errors; flood control (429) is the rate limiter's job."""

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


class TelegramChannel:
    def __init__(
        self,
        engine: Engine,
        city: City,
        callbacks: Callbacks,
        chats: ChatStatus,
        clock: Callable[[], datetime],
        desk: Desk | None = None,
        retry: RetryPolicy = RetryPolicy(),
    ):
        self.engine = engine
        self.city = city
        self.callbacks = callbacks
        self.chats = chats
        self.clock = clock
        self.desk = desk
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
        """A typed message or command: the desk's and local commands here, the rest to the
        engine."""
        message, user = update.effective_message, update.effective_user
        if message is None or message.text is None or user is None:
            return  # the handler's filter admits text messages from a user only
        lang, now = language_of(update), self.clock()
        sender, text = sender_of(message.chat_id), message.text
        command = split_command(text, context.bot.username)
        if command:
            name, args = command
            if name in PRIVACY_COMMANDS:
                answer = [Response(self.privacy(lang))]
                return await self.guarded(context.bot, sender, answer, now, lang)
            actor = sender_of(user.id)
            answered = (
                await offload(self.desk.command, name, args, actor, now, lang_or_default(lang))
                if self.desk
                else None
            )
            if answered is not None:
                return await self.guarded(context.bot, sender, answered, now, lang)
            text = ENGINE_COMMANDS.get(name, text)
        await self.converse(context.bot, Turn(sender, text, now, lang))

    async def on_other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Photos, stickers, voice: say politely that only text is understood."""
        lang, chat = language_of(update), update.effective_chat
        if chat is None:
            return
        answer = [Response(t(lang, "tg.text_only"))]
        sender = sender_of(chat.id)
        await self.guarded(context.bot, sender, answer, self.clock(), lang)

    async def on_tap(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A button: claim its payload once, show the choice in place of the keyboard, go on."""
        query, lang, now = update.callback_query, language_of(update), self.clock()
        if query is None:
            return
        sender = sender_of(query.from_user.id)  # private chats only: the chat is the user
        payload = await offload(self.callbacks.take, query.data or "", sender, now)
        title = button_title(query)
        if payload is None:
            # a real button of this message was used already; anything else is forged or foreign
            refusal = t(lang, "tg.button_used" if title else "tg.button_invalid")
            await self.deliver(sender, lambda: query.answer(refusal, show_alert=True))
            return
        await self.deliver(sender, lambda: query.answer())
        if title and isinstance(query.message, Message) and query.message.text:
            chosen = t(lang, "tg.chosen", choice=title)
            original = query.message.text[: MessageLimit.MAX_TEXT_LENGTH - len(chosen) - 2]
            edited = f"{original}\n\n{chosen}"
            await self.deliver(sender, lambda: query.edit_message_text(edited, reply_markup=None))
        actor = sender_of(query.from_user.id)
        answered = (
            await offload(self.desk.confirm, payload, actor, now, lang_or_default(lang))
            if self.desk
            else None
        )
        if answered is not None:
            return await self.guarded(context.bot, sender, answered, now, lang)
        await self.converse(context.bot, Turn(sender, payload, now, lang))

    async def on_membership(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Telegram tells us when a user blocks or restarts the bot."""
        member = update.my_chat_member
        if member is None:
            return
        sender, now = sender_of(member.chat.id), self.clock()
        if member.new_chat_member.status == ChatMemberStatus.BANNED:
            await offload(self.chats.mark_undeliverable, sender, now)
        elif member.new_chat_member.status == ChatMemberStatus.MEMBER:
            await offload(self.chats.mark_deliverable, sender, now)

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
        except TelegramError:
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
                    keys = await offload(self.callbacks.put, sender, payloads, now)
                    markup = keyboard(keys, [b.title for b in response.buttons])
                await self.deliver(sender, functools.partial(bot.send_message, chat_id, part,
                                                             reply_markup=markup))  # fmt: skip
            ics = (response.custom or {}).get("ics")
            if ics:
                content = ics["content"].encode("utf-8")
                send = functools.partial(bot.send_document, chat_id, document=content,
                                         filename=ics["filename"])  # fmt: skip
                await self.deliver(sender, send)

    async def deliver(self, sender: str, call: Callable[[], Awaitable[T]]) -> T:
        """One Bot API call, made to survive Telegram's faults (see the module docstring).

        A citizen is waiting for this answer, so a call in doubt is repeated too: a rare
        duplicate reads better than a lost reply (the outbox decides the other way)."""
        for attempt in range(self.retry.attempts):
            try:
                return await call()
            except TelegramError as e:
                verdict = classify(e)
                if verdict.fault is Fault.BLOCKED:
                    await offload(self.chats.mark_undeliverable, sender, self.clock())
                    raise ChatBlocked(sender) from None
                repeatable = verdict.fault in (Fault.NETWORK, Fault.IN_DOUBT)
                if not repeatable or attempt == self.retry.attempts - 1:
                    raise
                log.info("Bot API %s, retry %d", verdict.fault.value, attempt + 1)
                await asyncio.sleep(self.retry.backoff * 2**attempt)
        raise AssertionError("unreachable")
