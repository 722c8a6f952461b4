"""Web-channel test helpers: a scripted engine standing in for the real one, a live server.

The stand-in answers the way the real engine's contract says (Responses with buttons, an .ics in
`custom`, the `proof` marker on a booking summary, refusing a confirmation without proof), so
the channel, the widget's rendering and the proof-of-work protocol are tested for real.
"""

from __future__ import annotations

import asyncio
import base64
import json
import socket
import threading
import time
from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import uvicorn
from altcha import solve_challenge_v1

from bot.turn import Button, Response, Turn
from bot.web.limits import client_hash

T = TypeVar("T")
BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2021, 9, 13, 10, 0, tzinfo=BERLIN)
CLIENT = client_hash("127.0.0.1", "test-key")  # a loopback client as the booking caps see it

ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
    "UID:BB-7K3Q@buergerbot\r\nDTSTAMP:20210913T080000Z\r\n"
    "DTSTART;TZID=Europe/Berlin:20210915T090000\r\nDTEND;TZID=Europe/Berlin:20210915T091500\r\n"
    "SUMMARY:Personalausweis\r\nLOCATION:Bürgerservice\\, Nicolaiplatz 30\\, 14770 Brandenb\r\n"
    " urg an der Havel\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)

BOOKING = {
    "code": "BB-7K3Q",
    "date": "Mittwoch, 15. September 2021",
    "time": "09:00 Uhr",
    "place": "Bürgerservice, Nicolaiplatz 30, 14770 Brandenburg an der Havel",
}


@dataclass
class ScriptedEngine:
    """Greets with buttons, walks a three-tap booking, echoes anything else; records every turn."""

    turns: list[Turn] = field(default_factory=list)
    booked: dict[str, str] = field(default_factory=dict)
    fail_on: str = "/crash"

    async def handle(self, turn: Turn) -> list[Response]:
        self.turns.append(turn)
        text = turn.text
        if text == self.fail_on:
            raise RuntimeError("engine failure")
        if text == "/greet":
            return [
                Response(
                    "Guten Tag! Ich helfe bei Öffnungszeiten und Terminen.",
                    (Button("Ohne Termin", "/hours_walk_in"), Button("Termin buchen", "/book")),
                )
            ]
        if text == "/hours_walk_in" or "ohne termin" in text.lower():
            return [
                Response(
                    "Ohne Termin: Montag 09:00–11:30 Uhr und 13:00–15:00 Uhr.\n\n"
                    "Mehr unter https://example.org/buergerservice."
                ),
                Response("Lieber mit Termin?", (Button("Termin buchen", "/book"),)),
            ]
        if text == "/book":
            return [Response("Wofür?", (Button("Personalausweis", '/book{"service": "id_card"}'),))]
        if text == '/book{"service": "id_card"}':
            return [Response("Welcher Tag?", (Button("Mi, 15.09.", '/book{"day": "2021-09-15"}'),))]
        if text == '/book{"day": "2021-09-15"}':
            return [Response("Welche Uhrzeit?", (Button("09:00 Uhr", '/book{"time": "09:00"}'),))]
        if text in ('/book{"time": "09:00"}', "/affirm") and not (
            text == "/affirm" and turn.metadata.get("proof_ok")
        ):
            return [
                Response(
                    "Personalausweis am Mittwoch, 15. September 2021, 09:00 Uhr. Buchen?",
                    (Button("Ja, buchen", "/affirm"), Button("Nein", "/deny")),
                    custom={"proof": "booking"},
                )
            ]
        if text == "/affirm":
            self.booked[turn.sender] = "BB-7K3Q"
            return [
                Response("Ihr Termin ist gebucht. Ihr Code: BB-7K3Q."),
                Response(
                    custom={
                        "ics": {"filename": "termin-BB-7K3Q.ics", "content": ICS},
                        "booking": BOOKING,
                    }
                ),
            ]
        return [Response(f"Sie schrieben: {text}")]


class LiveServer:
    """The app on a real uvicorn in a thread, on a 127.0.0.1 port bound before start."""

    def __init__(self, app: Any, port: int = 0, **options: Any) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.app = app
        options = {"log_level": "warning", "lifespan": "off", "ws_max_size": 64 * 1024} | options
        config = uvicorn.Config(app, **options)
        self.server = uvicorn.Server(config)
        self.loop: asyncio.AbstractEventLoop | None = None
        self.thread = threading.Thread(target=asyncio.run, args=(self._serve(),))

    async def _serve(self) -> None:
        self.loop = asyncio.get_running_loop()
        await self.server.serve(sockets=[self.sock])

    def call(self, coro: Coroutine[Any, Any, T]) -> T:
        """Runs `coro` on the server's loop (where its sockets live) and returns the result."""
        assert self.loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(10)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


def solve(challenge: dict[str, Any]) -> str:
    """What the widget computes: the ALTCHA payload for a challenge the channel issued."""
    found = solve_challenge_v1(
        challenge["challenge"], challenge["salt"], challenge["algorithm"], challenge["maxNumber"], 0
    )
    assert found is not None
    payload = {k: challenge[k] for k in ("algorithm", "challenge", "salt", "signature")}
    return base64.b64encode(json.dumps(payload | {"number": found.number}).encode()).decode()
