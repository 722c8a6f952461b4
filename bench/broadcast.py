"""A broadcast through the delivery worker to the Bot API stand-in: how close to the limit, and
is anyone told twice?

    .venv/bin/python bench/broadcast.py --recipients 10000 --rate 30

Queues one notice for each of `recipients` Telegram chats in a fresh SQLite file (or
--database URL), runs the worker until the outbox is drained, and counts at the stand-in.
`seconds` runs from the first send to the last; `rate_achieved` is delivered / seconds (the
target is at least 95 % of --rate, never above it). The busiest one-second window is printed
too. Last line JSON: {"recipients", "delivered", "duplicates", "seconds", "rate_achieved"}.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.delivery.pacing import Pacer  # noqa: E402
from bot.delivery.telegram import TelegramSender, outbox_bot  # noqa: E402
from bot.delivery.worker import DeliveryWorker, Lane  # noqa: E402
from storage.chats import ChatStatusStore  # noqa: E402
from storage.db import open_database  # noqa: E402
from storage.outbox import Outbox, Route, insert_rows, new_row  # noqa: E402
from tests.telegram.botapi_standin import TOKEN, BotApiStandIn, serving  # noqa: E402

TEXT = (
    "Ihr Termin am Mittwoch, 15. September 2021 um 09:15 Uhr (Reisepass) entfällt leider. "
    "Bitte buchen Sie online einen neuen Termin oder kommen Sie in unsere Sprechzeiten ohne "
    "Termin vorbei."
)


def clock() -> datetime:
    return datetime.now(UTC)


def queue(url: str, recipients: int) -> None:
    db = open_database(url)
    db.upgrade()
    payload = {"kind": "news", "lang": "de", "subject": "Hinweis", "text": TEXT,
               "buttons": [{"title": "Neuen Termin buchen", "payload": "/book_appointment"}],
               "plain": ""}  # fmt: skip
    rows = [
        new_row(Route("telegram", f"telegram:{1000 + i}"), payload, f"bench:{i}", "bench", clock())
        for i in range(recipients)
    ]
    with db.write() as s:
        insert_rows(s, rows)
    db.dispose()


async def run(url: str, rate: float) -> BotApiStandIn:
    db = open_database(url)
    api = BotApiStandIn()
    async with serving(api) as api_url:
        sender = TelegramSender(outbox_bot(TOKEN, api_url, 10), ChatStatusStore(db), clock)
        worker = DeliveryWorker(Outbox(db), [Lane(sender, Pacer(rate), 8)], clock, poll=0.05)
        await worker.run(drain=True)
        await sender.close()
    db.dispose()
    return api


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=30)
    parser.add_argument("--database", help="a database URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    url = args.database or f"sqlite:///{tempfile.mkdtemp()}/broadcast.db"
    queue(url, args.recipients)
    api = asyncio.run(run(url, args.rate))
    sent = api.sent("sendMessage")
    chats = Counter(c.params["chat_id"] for c in sent)
    times = sorted(c.at for c in sent)
    seconds = times[-1] - times[0] if len(times) > 1 else 0.0
    delivered = len(chats)
    busiest, j = 0, 0
    for i, t in enumerate(times):  # the most sends in any one-second window [t, t + 1)
        while times[j] <= t - 1.0:
            j += 1
        busiest = max(busiest, i - j + 1)
    rate_achieved = round((len(times) - 1) / seconds, 2) if seconds else 0.0
    print(f"database: {url.split(':', 1)[0]}, limit {args.rate}/s, busiest second: {busiest}")
    print(
        json.dumps(
            {
                "recipients": args.recipients,
                "delivered": delivered,
                "duplicates": len(sent) - delivered,
                "seconds": round(seconds, 2),
                "rate_achieved": rate_achieved,
            }
        )
    )


if __name__ == "__main__":
    main()
