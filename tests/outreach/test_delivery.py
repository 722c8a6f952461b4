"""The delivery worker against the Bot API stand-in: the real PTB client over HTTP."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from bot.delivery.pacing import Pacer
from bot.delivery.telegram import TelegramSender, outbox_bot
from bot.delivery.worker import DeliveryWorker, Lane
from storage.callbacks import CallbackStore
from storage.chats import ChatStatusStore
from storage.cutover import CutoverService
from storage.db import Database
from storage.models import OutboxRow, UndeliverableChat
from storage.outbox import IN_DOUBT, Outbox, Route, insert_rows, new_row
from tests.outreach.population import CHAT_BASE, populate
from tests.storage.support import berlin
from tests.telegram.botapi_standin import TOKEN, BotApiStandIn, serving

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def clock() -> datetime:
    return datetime.now(UTC)


def queue(db: Database, addresses: list[str], campaign: str = "test") -> None:
    rows = []
    for i, address in enumerate(addresses):
        channel = "email" if "@" in address else "telegram"
        payload = {"kind": "news", "lang": "de", "subject": "Hinweis", "text": f"Hinweis {i}",
                   "buttons": [{"title": "Neuen Termin buchen", "payload": "/book_appointment"}],
                   "plain": ""}  # fmt: skip
        rows.append(new_row(Route(channel, address), payload, f"{campaign}:{i}", campaign, clock()))
    with db.write() as s:
        insert_rows(s, rows)


def rows(db: Database) -> list[OutboxRow]:
    with db.read() as s:
        return list(s.scalars(select(OutboxRow).order_by(OutboxRow.id)))


def worker(db: Database, url: str, rate: float = 200, **kw) -> DeliveryWorker:
    sender = TelegramSender(outbox_bot(TOKEN, url, 10), ChatStatusStore(db), clock)
    return DeliveryWorker(Outbox(db), [Lane(sender, Pacer(rate), 8)], clock, poll=0.05, **kw)


async def test_each_notice_is_sent_once_with_its_rebook_button(db):
    queue(db, [f"telegram:{100 + i}" for i in range(12)])
    api = BotApiStandIn()
    async with serving(api) as url:
        assert await worker(db, url).run(drain=True)
    sent = api.sent("sendMessage")
    assert sorted(c.params["chat_id"] for c in sent) == list(range(100, 112))
    assert {r.state for r in rows(db)} == {"delivered"}
    assert {r.attempts for r in rows(db)} == {1}
    first = next(c for c in sent if c.params["chat_id"] == 100)
    assert first.params["text"] == "Hinweis 0"
    ((title, callback),) = api.keyboard_of(first)
    assert title == "Neuen Termin buchen"
    assert CallbackStore(db).take(callback, "telegram:100", clock()) == "/book_appointment"


async def test_flood_control_is_honoured_and_the_notice_arrives_once(db):
    chats = [f"telegram:{200 + i}" for i in range(6)]
    queue(db, chats)
    api = BotApiStandIn()
    api.fail("sendMessage", 429, chat_id=201, retry_after=1)
    async with serving(api) as url:
        await worker(db, url, rate=50).run(drain=True)
    flood = next(c for c in api.calls if c.status == 429)
    after = [c.at for c in api.calls if c.method == "sendMessage" and c.at > flood.at]
    assert after and min(after) - flood.at >= 1.0  # nothing at all during the named wait
    assert len(api.sent("sendMessage", chat_id=201)) == 1
    assert {r.state for r in rows(db)} == {"delivered"}
    row = next(r for r in rows(db) if r.address == "telegram:201")
    assert row.attempts == 2  # flood control delays; it never fails the notice


async def test_a_blocked_user_is_marked_undeliverable_and_not_tried_again(db):
    queue(db, ["telegram:300", "telegram:301"])
    api = BotApiStandIn()
    api.fail("sendMessage", 403, chat_id=301)
    async with serving(api) as url:
        await worker(db, url).run(drain=True)
    blocked = next(r for r in rows(db) if r.address == "telegram:301")
    assert (blocked.state, blocked.attempts) == ("undeliverable", 1)
    assert "blocked" in blocked.last_error
    with db.read() as s:
        assert set(s.scalars(select(UndeliverableChat.sender))) == {"telegram:301"}
    assert len([c for c in api.calls if c.params.get("chat_id") == 301]) == 1


async def test_a_blocked_chat_of_a_person_with_e_mail_is_told_by_e_mail(db, city):
    populate(db, 6, berlin(2021, 9, 1, 8, 0), berlin(2021, 8, 1, 9, 0))  # index 5: chat + e-mail
    CutoverService(db, city).run(date(2021, 9, 1), "staff:cli", berlin(2021, 8, 20, 10, 0))
    api = BotApiStandIn()
    api.fail("sendMessage", 403, chat_id=CHAT_BASE + 5)
    async with serving(api) as url:
        await worker(db, url).run(drain=True)
    by_address = {r.address: r for r in rows(db)}
    assert by_address[f"telegram:{CHAT_BASE + 5}"].state == "undeliverable"
    fallback = by_address["p5@example.org"]
    assert (fallback.channel, fallback.state) == ("email", "queued")
    assert fallback.payload["kind"] == "cutover"
    assert by_address[f"telegram:{CHAT_BASE}"].state == "delivered"  # no e-mail: none queued
    assert len([r for r in rows(db) if r.channel == "email"]) == 2  # index 3 (e-mail only) too


async def test_a_bad_gateway_is_retried_with_backoff(db, monkeypatch):
    monkeypatch.setattr("storage.outbox.BACKOFF_S", 0.6)
    queue(db, ["telegram:400"])
    api = BotApiStandIn()
    api.fail("sendMessage", 502, chat_id=400, times=2)
    async with serving(api) as url:
        await worker(db, url).run(drain=True)
    (row,) = rows(db)
    assert (row.state, row.attempts) == ("delivered", 3)
    attempts = [c.at for c in api.calls if c.method == "sendMessage"]
    # the chat rests a second between two sends; the backoff doubles from 0.6 s (arrival times:
    # a few milliseconds of network jitter either way)
    assert attempts[1] - attempts[0] >= 0.95 and attempts[2] - attempts[1] >= 1.15


async def test_throughput_never_exceeds_the_limit(db):
    rate = 20
    queue(db, [f"telegram:{500 + i}" for i in range(50)])
    queue(db, ["telegram:600"], campaign="again")  # two notices to one chat
    queue(db, ["telegram:600"], campaign="third")
    api = BotApiStandIn()
    async with serving(api) as url:
        await worker(db, url, rate=rate).run(drain=True)
    times = sorted(c.at for c in api.sent("sendMessage"))
    assert len(times) == 52
    busiest = max(sum(1 for t in times if start <= t < start + 1.0) for start in times)
    assert busiest <= rate  # (how close it comes is bench/broadcast.py's question)
    same_chat = sorted(c.at for c in api.sent("sendMessage", chat_id=600))
    assert same_chat[1] - same_chat[0] >= 0.95  # one message a second per chat (+- jitter)


async def test_only_the_lease_holder_sends(db):
    queue(db, [f"telegram:{700 + i}" for i in range(30)])
    api = BotApiStandIn()
    async with serving(api) as url:
        one, two = (worker(db, url, rate=100, lease_ttl=1.5) for _ in range(2))
        ran = await asyncio.gather(one.run(drain=True), two.run(drain=True))
    assert len(api.sent("sendMessage")) == 30
    assert len({c.params["chat_id"] for c in api.sent("sendMessage")}) == 30
    assert sorted(ran) == [True, True]  # the second took over after the first released


async def test_a_takeover_resolves_the_dead_workers_rows(db):
    queue(db, ["telegram:800", "telegram:801", "a@example.org"])
    outbox = Outbox(db)
    past = clock() - timedelta(minutes=5)
    assert outbox.acquire("dead", past, ttl=1)
    claimed = outbox.claim([r.id for r in rows(db)[:1] + rows(db)[2:]], "dead", past)
    assert len(claimed) == 2  # telegram:800 and the e-mail were in flight when it died
    api = BotApiStandIn()
    async with serving(api) as url:
        await worker(db, url).run(drain=True)
    by_address = {r.address: r for r in rows(db)}
    assert (by_address["telegram:800"].state, by_address["telegram:800"].last_error) == (
        "failed",
        IN_DOUBT,
    )
    assert by_address["telegram:801"].state == "delivered"
    assert by_address["a@example.org"].state == "queued"  # e-mail: sent again by its lane
    assert [c.params["chat_id"] for c in api.sent("sendMessage")] == [801]
    assert Outbox(db).report().in_doubt == 1


async def test_a_stale_result_does_not_touch_a_later_attempt(db):
    queue(db, ["telegram:900"])
    outbox = Outbox(db)
    now = clock()
    assert outbox.acquire("w", now, ttl=30)
    [first] = outbox.claim([rows(db)[0].id], "w", now)
    outbox.retry(first, now, "network", timedelta(0))
    with db.write() as s:
        s.execute(update(OutboxRow).values(next_attempt_at=now))
    [second] = outbox.claim([rows(db)[0].id], "w", now)
    outbox.delivered(first, now)  # the first attempt's late answer
    assert rows(db)[0].state == "sending"
    outbox.delivered(second, now)
    assert rows(db)[0].state == "delivered"


async def test_pacer_never_allows_more_than_the_rate_in_a_second():
    now = [0.0]
    pacer = Pacer(10, clock=lambda: now[0])
    starts = []
    for i in range(60):
        now[0] = max(now[0], pacer._next())
        if i % 7 == 3:
            now[0] += 0.09  # a late send: the next ones may catch up, within the limits
        starts.append(now[0])
        pacer.sent(f"c{i}")
    for i, t in enumerate(starts):
        assert sum(1 for u in starts[i:] if u < t + 1.02) <= 10
    assert all(b - a >= 0.1 - 1e-9 for a, b in zip(starts, starts[1:], strict=False))


async def test_pacer_waits_on_its_own_clock_and_honours_a_pause():
    now = [0.0]

    async def sleep(seconds: float) -> None:  # the fake time: a wait only moves the clock
        now[0] += seconds

    pacer = Pacer(10, clock=lambda: now[0], sleep=sleep)
    starts = []
    for i in range(30):
        await pacer.turn()
        starts.append(now[0])
        pacer.sent(f"c{i}")
        if i == 9:
            pacer.pause(5.0)  # flood control named 5 s
    assert all(b - a >= 0.1 - 1e-9 for a, b in zip(starts, starts[1:], strict=False))
    assert starts[10] - starts[9] >= 5.0
    assert starts[-1] - starts[10] < 19 * 0.11  # no wait beyond the rate (2 % headroom)
