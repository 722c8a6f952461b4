"""`buergerbot ask`: one turn through the engine, from the terminal."""

from __future__ import annotations

import argparse
import asyncio
import json

from bot.bootstrap import build
from bot.commands import parse_now
from bot.turn import Turn

LOCAL_SENDER = "local"


def register(groups: argparse._SubParsersAction) -> None:
    ask = groups.add_parser("ask", help="send one message to the bot")
    ask.add_argument("text", nargs="+", help="the message, or a button payload like /greet")
    ask.add_argument(
        "--sender", default=LOCAL_SENDER, help="conversation id (default: one local chat)"
    )
    ask.add_argument("--lang", choices=("de", "en"))
    ask.add_argument("--now", help="ISO time to treat as now (Europe/Berlin when naive)")
    ask.add_argument("--json", action="store_true", help="print the responses as JSON")
    ask.set_defaults(run=run_ask)


def run_ask(args: argparse.Namespace) -> int:
    app = build()
    turn = Turn(
        f"cli:{args.sender}", " ".join(args.text), parse_now(args.now, app.city.tz), args.lang
    )
    responses = asyncio.run(app.engine.handle(turn))
    if args.json:
        out = [{k: v for k, v in r.as_rasa("").items() if k != "recipient_id"} for r in responses]
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    for r in responses:
        print(r.text)
        for b in r.buttons:
            print(f"  [{b.title}]  {b.payload}")
        if r.custom and "ics" in r.custom:
            print(f"  [{r.custom['ics']['filename']}]")
    return 0
