"""Outbox rows to Telegram chats: one sendMessage each, its faults sorted into outcomes.

A fault that provably sent nothing (no connection, flood control, a 5xx answer) is retried; a
blocked bot or a deleted chat makes the chat undeliverable; a timeout while waiting for the
answer is in doubt (Telegram may have delivered), so it is not sent again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta

import httpx
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.request import HTTPXRequest

from bot.delivery.worker import Delivered, Failed, Outcome, Retry, Undeliverable
from bot.telegram import ChatStatus, chunks, keyboard
from office import senders
from storage.outbox import Message

NOTHING_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.WriteError,
                httpx.WriteTimeout)  # fmt: skip


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
        except Forbidden as e:
            await asyncio.to_thread(self.chats.mark_undeliverable, m.address, self.clock())
            return Undeliverable(e.message)
        except RetryAfter as e:
            return Retry("flood control", after=_seconds(e.retry_after))
        except BadRequest as e:
            if "chat not found" in e.message.lower():
                return Undeliverable(e.message)
            return Failed(e.message)
        except (TimedOut, NetworkError) as e:
            if isinstance(e, TimedOut) and not isinstance(e.__cause__, NOTHING_SENT):
                return Failed("in doubt: no answer from Telegram in time; not sent again")
            if e.__cause__ is not None and not isinstance(e.__cause__, NOTHING_SENT):
                return Failed(f"in doubt: {e.message}; not sent again")
            return Retry(e.message)
        return Delivered()

    async def close(self) -> None:
        await self.bot.shutdown()


def _seconds(value: int | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
