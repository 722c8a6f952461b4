"""Sub-command groups of the CLI; each module adds its parsers with `register(subparsers)`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from app.services import Services
    from office.city import City


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


def configured_city() -> City:
    """The city of the config file the settings name."""
    from app.config import load_city
    from app.settings import Settings

    return load_city(Settings.from_env().config_path)


def configured_services() -> Services:
    """The services over the database the settings name, which must be reachable and migrated."""
    from app.services import build_services

    return build_services()


def _groups() -> list[Callable[[argparse._SubParsersAction], None]]:
    from bot.commands import actions, chat, db, nlu, schedule, serve, staff, test

    return [
        schedule.register,
        db.register,
        staff.register,
        nlu.register,
        chat.register,
        serve.register,
        actions.register,
        test.register,
    ]


COMMAND_GROUPS = _groups()
