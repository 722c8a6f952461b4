"""Outbox rows to Telegram chats: one sendMessage each, its fault read by the one Telegram error
policy (`bot.telegram.errors`) and turned into the worker's outcome.

A fault that provably sent nothing (no connection, flood control, a 5xx answer) is retried; a
blocked bot or a deleted chat makes the chat undeliverable; a timeout while waiting for the
answer is in doubt (Telegram may have delivered), so it is not sent again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

from telegram import Bot
from telegram.error import TelegramError
from telegram.request import HTTPXRequest

from bot.delivery.worker import Delivered, Failed, Outcome, Retry, Undeliverable
from bot.offload import offload
from bot.telegram.channel import ChatStatus
from bot.telegram.errors import Fault, classify
from bot.telegram.render import chunks, keyboard
from office import senders
from storage.outbox import Message


def outbox_bot(token: str, api_url: str, connections: int) -> Bot:
    """A plain Bot for notices: the conversation bot's rate limiter would retry flood control
    on its own, where the worker must pause and account for it."""
    request = HTTPXRequest(connection_pool_size=connections, read_timeout=20)
    return Bot(token, base_url=api_url, request=request)


class TelegramSender:
    channel = "telegram"

    def __init__(self, bot: Bot, chats: ChatStatus, clock: Callable[[], datetime]):
        self.bot = bot
        self.chats = chats
        self.clock = clock
        self._ready = asyncio.Lock()

    async def send(self, m: Message) -> Outcome:
        async with self._ready:
            await self.bot.initialize()  # once: later calls return at once
        chat_id = int(senders.account_of(m.address))
        buttons = m.payload.get("buttons") or []
        markup = None
        if buttons and len(m.button_ids) == len(buttons):
            markup = keyboard(m.button_ids, [b["title"] for b in buttons])
        text = chunks(m.payload["text"])[0]  # notices are short; never split one into two sends
        try:
            await self.bot.send_message(chat_id, text, reply_markup=markup)
        except TelegramError as e:
            return await self._outcome(m, e)
        return Delivered()

    async def _outcome(self, m: Message, error: TelegramError) -> Outcome:
        verdict = classify(error)
        match verdict.fault:
            case Fault.BLOCKED:
                await offload(self.chats.mark_undeliverable, m.address, self.clock())
                return Undeliverable(verdict.detail)
            case Fault.FLOOD:
                return Retry("flood control", after=verdict.retry_after)
            case Fault.BAD_REQUEST:
                return Failed(verdict.detail)
            case Fault.IN_DOUBT:
                return Failed(f"in doubt: {verdict.detail}; not sent again")
            case Fault.NETWORK | Fault.OTHER:
                return Retry(verdict.detail)
        raise AssertionError(verdict)

    async def close(self) -> None:
        await self.bot.shutdown()
