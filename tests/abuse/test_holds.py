"""One client address tries to hold every seat (issue 14: 180 made-up senders held the whole
42-day horizon in 39 s); meanwhile a citizen on another address books."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from sqlalchemy import func, select

from app.config import load_city
from bot.web.limits import client_hash
from storage.models import Hold, Seat
from tests.abuse.client import WebClient, book, text, to_a_time
from tests.abuse.conftest import ALTCHA_KEY
from tests.conftest import CONFIG

SENDERS = 60  # made-up senders from one address, each trying a household of four
FLOOD_SECONDS = 30  # the bound of the attack (as fast as it can); it ends sooner when done


def held_by(served, client: str) -> int:
    """Slot-seats held right now by holds from `client`."""
    with served.db.read() as s:
        return s.scalar(
            select(func.count(Seat.id))
            .join(Hold, Seat.hold_id == Hold.id)
            .where(Hold.client == client, Seat.expires_at > datetime.now(UTC))
        )


def test_one_address_holds_no_more_than_its_cap_and_a_citizen_still_books(served):
    cap = load_city(CONFIG).booking.seats_per_client
    attacker = client_hash("127.0.0.1", ALTCHA_KEY)
    outcomes: list[str] = []
    peak = 0
    deadline = time.monotonic() + FLOOD_SECONDS

    def hoard(i: int) -> None:
        nonlocal peak
        if time.monotonic() > deadline:
            return
        bot = WebClient(served.url, f"hoarder-{i}")
        try:
            times = to_a_time(bot, persons=4)
            answer = text(bot.say(times[i % len(times)], bot.solved())) if times else "no times"
        finally:
            bot.close()
        outcomes.append(
            "held" if "halte" in answer else "capped" if "Anschluss" in answer else "refused"
        )
        peak = max(peak, held_by(served, attacker))

    citizen_answer: list[str] = []

    def citizen() -> None:
        erika = WebClient(served.url, "erika", address="127.0.0.2")
        citizen_answer.append(book(erika, "Erika Mustermann", "erika.citizen@example.org"))
        erika.close()

    started = time.monotonic()
    with ThreadPoolExecutor(4) as pool:
        flood = list(pool.map(hoard, range(SENDERS // 2)))  # the flood is under way...
        during = threading.Thread(target=citizen)
        during.start()
        flood += list(pool.map(hoard, range(SENDERS // 2, SENDERS)))  # ...and goes on
        during.join()
    seconds = time.monotonic() - started
    peak = max(peak, held_by(served, attacker))
    print(
        f"\nslot-seats one client address held within {seconds:.0f} s: {peak} "
        f"(cap {cap}; {outcomes.count('held')} holds made, {outcomes.count('capped')} capped, "
        f"{outcomes.count('refused')} otherwise refused, of {len(outcomes)} senders)"
    )
    print(f"a citizen on another address during the flood: {citizen_answer[0][:80]!r}")
    assert peak <= cap
    assert outcomes.count("capped") > 0  # the cap, not only the rate limit, stopped it
    assert "Ihr Termin ist gebucht" in citizen_answer[0] or "Code" in citizen_answer[0]
