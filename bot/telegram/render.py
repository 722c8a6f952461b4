"""Telegram's wire limits for our responses: 4,096 characters a message, inline keyboards laid
out by title length, the title of a tapped button. Shared by the channel and the outbox."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.constants import MessageLimit


def chunks(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Telegram's 4,096-character limit, split between lines where possible."""
    out: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        cut = cut if cut > 0 else limit
        out.append(text[:cut])
        text = text[cut:].lstrip("\n")
    return [*out, text] if text else out


def keyboard(keys: Sequence[str], titles: Sequence[str]) -> InlineKeyboardMarkup:
    """Short titles (times, days) sit side by side; long ones get a row each."""
    longest = max(len(title) for title in titles)
    width = 3 if longest <= 8 else 2 if longest <= 18 else 1
    buttons = [
        InlineKeyboardButton(title, callback_data=k) for k, title in zip(keys, titles, strict=True)
    ]
    return InlineKeyboardMarkup([buttons[i : i + width] for i in range(0, len(buttons), width)])


def button_title(query: CallbackQuery) -> str | None:
    """The title of the tapped button, read from the message it belongs to."""
    message = query.message
    if not isinstance(message, Message) or message.reply_markup is None:
        return None  # not a message of ours, or too old for Telegram to show it
    for row in message.reply_markup.inline_keyboard:
        for button in row:
            if button.callback_data == query.data:
                return button.text
    return None
