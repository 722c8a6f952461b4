"""In-process turn latency: a mixed script of 2,000 turns through the engine on SQLite.

    .venv/bin/python bench/turns.py [--turns 2000]

Prints p50/p99 in milliseconds and, as the last line, JSON. Targets: p50 ≤ 5 ms, p99 ≤ 25 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from app.settings import Settings
from bot.bootstrap import build
from bot.turn import Turn

# One citizen's visit: questions (hours, fees, yes/no, the office), then a booking by taps and
# typing, then a cancellation.
SCRIPT = [
    "Hallo",
    "Wann haben Sie geöffnet?",
    "Wann kann ich ohne Termin kommen?",
    "Haben Sie am Samstag offen?",
    "Ich habe meinen Personalausweis verloren",
    "Kann ich telefonisch einen Termin machen?",
    "When are you open?",
    "Was kostet ein Reisepass?",
    "Kann ich mittwochs ohne Termin kommen?",
    "Wo seid ihr und gibt es Parkplätze?",
    "Ich hab keinen Termin gekriegt, kann ich trotzdem vorbeikommen?",
    "/book_appointment",
    "TAP:0",
    "TAP:0",
    "TAP:1",
    "Erika Mustermann",
    "erika{n}@example.org",
    "/affirm",
    "Welche Termine habe ich?",
    "/cancel_appointment",
    "TAP:0",
    "/affirm",
    "danke",
]


async def run(turns: int) -> dict:
    tmp = tempfile.mkdtemp()
    # The turns as before verified contacts: the web's e-mail code step is a turn of its own.
    settings = replace(Settings.from_env(), verify_contacts=False)
    app = build(database_url=f"sqlite:///{tmp}/bench.db", settings=settings)
    tz = ZoneInfo("Europe/Berlin")
    start = datetime(2021, 9, 13, 8, 0, tzinfo=tz)
    latencies: list[float] = []
    cpu: list[float] = []  # CPU time: on a shared machine wall time also measures waits for a core
    n = 0
    while len(latencies) < turns:
        sender = f"bench:{n}"
        previous = []
        for step in SCRIPT:
            if len(latencies) >= turns:
                break
            text = step.format(n=n)
            if text.startswith("TAP:"):
                buttons = [b for r in previous for b in r.buttons]
                text = buttons[int(text[4:])].payload if buttons else "/help"
            now = start + timedelta(minutes=n % 50)
            t0, c0 = time.perf_counter(), time.process_time()
            previous = await app.engine.handle(Turn(sender, text, now))
            latencies.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        n += 1
    return {
        "turns": len(latencies),
        "p50_ms": round(statistics.median(latencies), 2),
        "p99_ms": round(p99(latencies), 2),
        "cpu_p50_ms": round(statistics.median(cpu), 2),
        "cpu_p99_ms": round(p99(cpu), 2),
    }


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=2000)
    result = asyncio.run(run(parser.parse_args().turns))
    print(
        f"{result['turns']} turns: p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms "
        f"(CPU p50 {result['cpu_p50_ms']} ms, p99 {result['cpu_p99_ms']} ms)"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
