"""PostgreSQL stopped mid-run: citizens get the polite "technical problem" answer, health says
503, nothing is half-written, and the same app (no restart) carries on once the server is back.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import select

from bot.turn import Turn
from office.texts import t
from storage.consistency import problems
from storage.conversations import ConversationStore
from storage.models import AppointmentRow

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2021, 9, 13, 8, 0, tzinfo=BERLIN)
APOLOGY = t("de", "error")
TO_NAME_STEP = (
    "/book_appointment",
    '/inform{"service":"reisepass"}',
    '/inform{"date":"2021-09-14"}',
    '/inform{"slot":"2021-09-14T09:00:00+02:00"}',
)


@pytest.fixture
def app(pg_database, interpreter):
    from bot.bootstrap import build

    built = build(database_url=pg_database, interpreter=interpreter)
    yield built
    built.db.dispose()


def say(app, sender: str, text: str) -> str:
    turn = Turn(sender, text, MONDAY, None, {})
    return "\n".join(r.text for r in asyncio.run(app.engine.handle(turn)))


async def rest(web, path: str, body: dict | None = None) -> httpx.Response:
    transport = httpx.ASGITransport(app=web)
    async with httpx.AsyncClient(transport=transport, base_url="http://bot") as client:
        if body is None:
            return await client.get(path)
        return await client.post(path, json=body)


def test_a_stopped_database_gets_an_apology_and_the_app_recovers_by_itself(app, private_pg):
    from bot.commands.serve import web_app

    web = web_app(app)
    for text in TO_NAME_STEP:
        say(app, "test:anna", text)
    held = ConversationStore(app.db).load("test:anna")
    assert held["requested"] == "name"

    private_pg.stop("fast")  # every open connection is cut, open transactions roll back
    try:
        assert say(app, "test:anna", "Anna Muster") == APOLOGY
        assert say(app, "test:ben", "Wann haben Sie geöffnet?") == APOLOGY
        answer = asyncio.run(
            rest(web, "/webhooks/rest/webhook", {"sender": "carla", "message": "Hallo"})
        )
        assert answer.status_code == 200
        assert [m["text"] for m in answer.json()] == [APOLOGY]
        assert asyncio.run(rest(web, "/healthz")).status_code == 503
    finally:
        private_pg.start()

    # Same process, same pool: stale connections are replaced on first use. Health answers
    # from the last probe; the next one (in the background every second) finds it back.
    web.state.database_probe.probe()
    assert asyncio.run(rest(web, "/healthz")).status_code == 200
    assert ConversationStore(app.db).load("test:anna") == held  # the failed turn wrote nothing
    assert "Wie ist Ihr Vor- und Nachname?" in say(app, "test:anna", "/greet")
    say(app, "test:anna", "Anna Muster")
    say(app, "test:anna", "anna@example.org")
    assert "Ihr Termin ist gebucht" in say(app, "test:anna", "/affirm")
    assert problems(app.db, app.city.booking, MONDAY) == []


def test_a_restart_under_load_leaves_every_booking_whole(app, private_pg):
    """Citizens book in threads while the server stops and starts; every transaction the stop
    cut off rolled back whole, and those after the start went through."""
    import time

    deadline = time.monotonic() + 3.0
    booked: list[str] = []
    apologies: list[str] = []

    def citizen(i: int) -> None:
        for round_ in range(100):
            if time.monotonic() > deadline:
                return
            sender = f"test:c{i}r{round_}"
            slot = f"2021-09-14T{9 + round_ % 2}:{15 * (i % 4):02d}:00+02:00"
            for text in (
                *TO_NAME_STEP[:3],
                f'/inform{{"slot":"{slot}"}}',
                "Vorname Nachname",
                f"c{i}r{round_}@example.org",
                "/affirm",
            ):
                answer = say(app, sender, text)
                if answer == APOLOGY:
                    apologies.append(sender)
            if "Ihr Termin ist gebucht" in answer:
                booked.append(sender)

    async def everyone() -> None:
        jobs = [asyncio.to_thread(citizen, i) for i in range(8)]
        everyone = asyncio.gather(*jobs)
        await asyncio.sleep(0.8)
        await asyncio.to_thread(private_pg.stop, "fast")
        await asyncio.sleep(0.5)
        await asyncio.to_thread(private_pg.start)
        await everyone

    asyncio.run(everyone())
    assert apologies, "the stop went unnoticed"
    assert problems(app.db, app.city.booking, MONDAY) == []
    with app.db.read() as s:
        confirmed = set(s.scalars(select(AppointmentRow.sender)))
    assert booked and set(booked) <= confirmed  # what a citizen was told is booked, is booked


def test_a_locked_sqlite_file_gets_the_apology_while_the_widget_and_health_are_served(
    tmp_path, interpreter
):
    """Another process keeps a write transaction open: the turn that must write waits in a
    worker thread for its lock timeout and apologises; meanwhile the loop serves the rest."""
    import sqlite3
    import threading
    import uuid

    from app.settings import Settings
    from bot.bootstrap import build
    from bot.commands.serve import web_app

    path = tmp_path / "bot.db"
    settings = Settings(
        database_url=f"sqlite:///{path}",
        db_lock_timeout_s=2.0,
        redis_url="redis://127.0.0.1:6379/0",  # the rate windows elsewhere: only the turn writes
        limits_prefix=f"test-{uuid.uuid4().hex}",
    )
    app = build(settings=settings, interpreter=interpreter)
    web = web_app(app)
    waiting = threading.Event()
    store, save = app.engine.store, app.engine.store.save

    def saving(*args):
        waiting.set()  # the turn's write is about to wait for the lock
        return save(*args)

    store.save = saving  # type: ignore[method-assign]

    async def while_locked() -> tuple[httpx.Response, httpx.Response, httpx.Response, bool]:
        transport = httpx.ASGITransport(app=web)
        async with httpx.AsyncClient(transport=transport, base_url="http://bot") as client:
            turn = asyncio.create_task(
                client.post("/webhooks/rest/webhook", json={"sender": "dora", "message": "Hallo"})
            )
            assert await asyncio.to_thread(waiting.wait, 60)
            widget = await client.get("/widget.js")
            health = await client.get("/healthz")
            served_first = not turn.done()
            return await turn, widget, health, served_first

    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process's open write transaction
    try:
        answer, widget, health, served_first = asyncio.run(while_locked())
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert served_first, "the widget waited for the locked turn"
    assert widget.status_code == 200
    assert health.status_code == 200
    assert health.json()["checks"]["database"] == "ok"  # reads go on
    assert [m["text"] for m in answer.json()] == [APOLOGY]
    answer = asyncio.run(
        rest(web, "/webhooks/rest/webhook", {"sender": "dora", "message": "Hallo"})
    )
    assert APOLOGY not in [m.get("text") for m in answer.json()]
    assert problems(app.db, app.city.booking, MONDAY) == []
    app.db.dispose()


def test_a_locked_sqlite_file_without_redis_costs_a_web_turn_one_wait(tmp_path, interpreter):
    """The rate windows live in the database too: their write waits out the lock, the turn's
    own writes then only try it (one wait, not two), and so do the next turn's."""
    import sqlite3

    from app.settings import Settings
    from bot.bootstrap import build
    from bot.commands.serve import web_app
    from tests.storage.test_locked import busy_waits

    path = tmp_path / "bot.db"
    settings = Settings(database_url=f"sqlite:///{path}", db_lock_timeout_s=0.5)
    app = build(settings=settings, interpreter=interpreter)
    web = web_app(app)
    app.db.clock = lambda: 0.0  # the lock timeout after the first wait never ends here
    waits = busy_waits(app.db)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process's open write transaction
    try:
        for sender in ("erik", "frida"):
            body = {"sender": sender, "message": "Hallo"}
            answer = asyncio.run(rest(web, "/webhooks/rest/webhook", body))
            assert [m["text"] for m in answer.json()] == [APOLOGY]
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert [ms for ms in waits if ms > 1] == [500]
