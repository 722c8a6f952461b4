"""Sub-command groups of the CLI; each module adds its parsers with `register(subparsers)`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo


class CommandError(Exception):
    """A user error on the command line: printed as one line, exit code 2."""


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date; write YYYY-MM-DD") from None


def parse_now(text: str | None, tz: ZoneInfo) -> datetime:
    """`--now` as an aware instant in the city's zone (naive input is local time)."""
    if text is None:
        return datetime.now(tz)
    try:
        t = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a time; write e.g. 2021-09-15T10:00") from None
    return t.replace(tzinfo=tz) if t.tzinfo is None else t.astimezone(tz)


def _groups() -> list[Callable[[argparse._SubParsersAction], None]]:
    from bot.commands import chat, db, nlu, schedule, serve, staff, test

    return [
        schedule.register,
        db.register,
        staff.register,
        nlu.register,
        chat.register,
        serve.register,
        test.register,
    ]


COMMAND_GROUPS = _groups()
