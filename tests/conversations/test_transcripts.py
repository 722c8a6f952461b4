"""Runs every YAML transcript in this folder through the real engine (NLU, actions, SQLite).

A transcript: `now` (Europe/Berlin), optional `lang`, and `turns`, each with `user` (text or
payload) and what the bot must do: `mentions` (all of these substrings appear in its texts),
`not_mentions`, `buttons` (these button titles are offered), `ics` (an .ics file is attached).
A turn may set its own `now`; `tap: <title>` sends the payload of the button with that title
from the previous answer, as a citizen's tap would.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from bot.turn import Turn

HERE = Path(__file__).parent
TRANSCRIPTS = sorted(HERE.glob("*.yml"))


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=[p.stem for p in TRANSCRIPTS])
def test_transcript(path: Path, app_factory):
    script = load(path)
    app = app_factory()
    tz = app.city.tz
    now = datetime.fromisoformat(script["now"]).replace(tzinfo=tz)
    sender = f"test:{path.stem}"
    previous = []
    for i, step in enumerate(script["turns"], 1):
        if "now" in step:
            now = datetime.fromisoformat(step["now"]).replace(tzinfo=tz)
        text = step.get("user")
        if "tap" in step:
            text = tap(previous, step["tap"], path, i)
        turn = Turn(sender, text, now, script.get("lang"), step.get("metadata", {}))
        previous = asyncio.run(app.engine.handle(turn))
        said = "\n".join(r.text for r in previous)
        titles = [b.title for r in previous for b in r.buttons]
        where = f"{path.name} turn {i} ({text!r}) got:\n{said}\nbuttons: {titles}"
        for expected in as_list(step.get("mentions")):
            assert expected in said, where
        for unexpected in as_list(step.get("not_mentions")):
            assert unexpected not in said, where
        for title in as_list(step.get("buttons")):
            assert title in titles, where
        if "ics" in step:
            has_ics = any(r.custom and "ics" in r.custom for r in previous)
            assert has_ics == step["ics"], where


def tap(previous, title: str, path: Path, i: int) -> str:
    for r in previous:
        for b in r.buttons:
            if b.title == title:
                return b.payload
    offered = [b.title for r in previous for b in r.buttons]
    raise AssertionError(f"{path.name} turn {i}: no button {title!r} offered, only {offered}")


def as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
