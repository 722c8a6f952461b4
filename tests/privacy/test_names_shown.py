"""A name typed in the chat reaches a clerk's terminal and views without control characters."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.turn import Turn
from office.wording import printable

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2021, 9, 13, 8, 0, tzinfo=BERLIN)
EVIL = "Erika\x1b[2J\x1b[31m Muster\u202emann\r\n09:15 seat 1\x07"


def test_printable_keeps_letters_and_drops_every_control_and_override():
    assert printable(EVIL) == "Erika[2J[31m Mustermann 09:15 seat 1"
    assert printable("Zoë  Ñúñez-Łukasz 李") == "Zoë Ñúñez-Łukasz 李"


def test_the_day_list_in_the_terminal_shows_the_name_clean(tmp_path, app_factory):
    app = app_factory()
    payloads = ["Termin buchen", "Reisepass", "Di., 14.09.", "09:00", EVIL, "e@example.org", "Ja"]
    buttons: dict[str, str] = {}
    for text in payloads:
        responses = asyncio.run(
            app.engine.handle(Turn("test:evil", buttons.get(text, text), MONDAY))
        )
        buttons = {b.title: b.payload for r in responses for b in r.buttons}
    assert "Buchungsnummer" in responses[-1].text
    db_url = str(app.db.engine.url)
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", "staff", "day", "--date", "2021-09-14"],
        env={"DATABASE_URL": db_url, "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "Erika[2J[31m Mustermann 09:15 seat 1" in out
    assert not any(ord(c) < 32 and c != "\n" for c in out)
    assert "\u202e" not in out
