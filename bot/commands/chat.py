"""`buergerbot ask`: one turn through the engine, from the terminal; or, with `--jsonl`, a
stream of turns as JSON lines in one process (for the city's transcripts and for tests)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import TYPE_CHECKING

from bot.commands import CommandError, parse_now
from bot.turn import Turn
from office.senders import sender_id

if TYPE_CHECKING:
    from bot.bootstrap import App

LOCAL_SENDER = "local"


def register(groups: argparse._SubParsersAction) -> None:
    ask = groups.add_parser("ask", help="send one message to the bot")
    ask.add_argument(
        "text", nargs="*", help="the message, or a button payload like /greet (not with --jsonl)"
    )
    ask.add_argument(
        "--sender", default=LOCAL_SENDER, help="conversation id (default: one local chat)"
    )
    ask.add_argument("--lang", choices=("de", "en"))
    ask.add_argument("--now", help="ISO time to treat as now (Europe/Berlin when naive)")
    ask.add_argument("--json", action="store_true", help="print the responses as JSON")
    ask.add_argument(
        "--jsonl",
        action="store_true",
        help='read {"sender", "text", "now"?, "lang"?} per line from stdin; '
        "write one JSON array of responses per line",
    )
    ask.set_defaults(run=run_ask)


def run_ask(args: argparse.Namespace) -> int:
    if args.jsonl:
        if args.text:
            raise CommandError("--jsonl reads the messages from standard input, not arguments")
        return run_jsonl(args)
    if not args.text:
        raise CommandError("write a message, e.g. buergerbot ask Hallo")
    app = _app()
    turn = Turn(
        sender_id("cli", args.sender),
        " ".join(args.text),
        parse_now(args.now, app.city.tz),
        args.lang,
    )
    responses = asyncio.run(app.engine.handle(turn))
    if args.json:
        print(json.dumps([_rasa(r) for r in responses], ensure_ascii=False, indent=1))
        return 0
    for r in responses:
        print(r.text)
        for b in r.buttons:
            print(f"  [{b.title}]  {b.payload}")
        if r.custom and "ics" in r.custom:
            print(f"  [{r.custom['ics']['filename']}]")
    return 0


def run_jsonl(args: argparse.Namespace) -> int:
    """One turn per input line, answered in order; a bad line gets {"error": ...} and the
    stream goes on, so a long transcript is not lost to one typo."""
    app = _app()
    loop = asyncio.new_event_loop()
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                responses = loop.run_until_complete(app.engine.handle(_turn(line, args, app)))
                out: object = [_rasa(r) for r in responses]
            except (ValueError, CommandError) as e:
                out = {"error": str(e)}
            print(json.dumps(out, ensure_ascii=False), flush=True)
    finally:
        loop.close()
    return 0


def _app() -> App:
    """The engine and its services, imported only when a turn runs: the other commands and
    `--help` load this module too, and need none of the engine, NLU or storage."""
    from bot.bootstrap import build

    return build()


def _turn(line: str, args: argparse.Namespace, app) -> Turn:
    data = json.loads(line)
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise ValueError('each line needs {"sender": "...", "text": "..."}')
    sender = str(data.get("sender") or args.sender)
    lang = data.get("lang") or args.lang
    if lang not in (None, "de", "en"):
        raise ValueError(f"lang {lang!r}: use de or en")
    now = parse_now(data.get("now") or args.now, app.city.tz)
    return Turn(f"cli:{sender}", data["text"], now, lang)


def _rasa(response) -> dict:
    return {k: v for k, v in response.as_rasa("").items() if k != "recipient_id"}
