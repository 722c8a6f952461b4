"""/metrics in Prometheus text format, summed over worker processes; JSON log lines that carry
no message text, name or contact at INFO."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
from prometheus_client.parser import text_string_to_metric_families

from bot.logs import AccessFormatter, JsonFormatter
from bot.turn import Turn
from storage.models import OutboxRow

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2021, 9, 13, 8, 0, tzinfo=BERLIN)


def samples(text: str) -> dict[tuple[str, tuple], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


async def session(web, *requests) -> list[httpx.Response]:
    transport = httpx.ASGITransport(app=web)
    async with httpx.AsyncClient(transport=transport, base_url="http://bot") as client:
        return [await client.request(method, path, json=body) for method, path, body in requests]


def test_metrics_count_turns_intents_bookings_latency_and_the_outbox(app_factory):
    from bot.commands.serve import web_app

    app = app_factory()
    for text in (
        "/book_appointment",
        '/inform{"service":"reisepass"}',
        '/inform{"date":"2021-09-14"}',
        '/inform{"slot":"2021-09-14T09:00:00+02:00"}',
        "/kaputt{",
    ):
        asyncio.run(app.engine.handle(Turn("test:m", text, MONDAY)))
    with app.db.write() as s:
        s.add(
            OutboxRow(
                channel="email",
                address="x@example.org",
                payload={},
                state="queued",
                next_attempt_at=MONDAY,
                dedupe_key="k",
                created_at=MONDAY,
                updated_at=MONDAY,
            )  # fmt: skip
        )
    chat = {"sender": "m1", "message": "Wann haben Sie geöffnet?"}
    *_, scrape = asyncio.run(
        session(web_app(app), ("POST", "/webhooks/rest/webhook", chat), ("GET", "/metrics", None))
    )
    assert scrape.status_code == 200
    assert scrape.headers["content-type"].startswith("text/plain; version=0.0.4")
    got = samples(scrape.text)
    assert got[("buergerbot_turns_total", (("channel", "test"), ("outcome", "ok")))] == 4
    assert got[("buergerbot_turns_total", (("channel", "test"), ("outcome", "refused")))] == 1
    assert got[("buergerbot_turns_total", (("channel", "web"), ("outcome", "ok")))] == 1
    assert got[("buergerbot_intents_total", (("intent", "inform"),))] == 3
    assert got[("buergerbot_intents_total", (("intent", "ask_opening_hours"),))] == 1
    assert got[("buergerbot_bookings_total", (("operation", "hold"), ("outcome", "Held")))] == 1
    assert got[("buergerbot_turn_seconds_count", (("channel", "test"),))] == 5
    assert got[("buergerbot_turn_seconds_bucket", (("channel", "web"), ("le", "+Inf")))] == 1
    assert got[("buergerbot_outbox_depth", (("state", "queued"),))] == 1
    assert got[("buergerbot_outbox_depth", (("state", "failed"),))] == 0


WORKER = """
import sys
from app.settings import Settings
from bot.metrics import Metrics
from bot.turn import TurnReport
m = Metrics(Settings.from_env().metrics_dir)
for _ in range(int(sys.argv[1])):
    m.turn(TurnReport("web", "greet", "ok", 0.02))
if len(sys.argv) > 2:
    sys.stdout.write(m.exposition().decode())
"""


def test_with_several_workers_every_scrape_adds_up_all_of_them(tmp_path):
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}

    def worker(*args: str) -> str:
        run = subprocess.run(
            [sys.executable, "-c", WORKER, *args], env=env, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
        return run.stdout

    worker("3")
    worker("4")
    got = samples(worker("5", "scrape"))  # the third worker answers the scrape
    assert got[("buergerbot_turns_total", (("channel", "web"), ("outcome", "ok")))] == 12
    assert got[("buergerbot_turn_seconds_count", (("channel", "web"),))] == 12


def test_info_logs_are_json_without_texts_names_or_contacts(app_factory, caplog):
    app = app_factory()
    caplog.set_level(logging.DEBUG)
    for text in (
        "/book_appointment",
        '/inform{"service":"reisepass"}',
        '/inform{"date":"2021-09-14"}',
        '/inform{"slot":"2021-09-14T09:00:00+02:00"}',
        "Erika Geheimname",
        "erika.geheim@example.org",
        "/affirm",
    ):
        asyncio.run(app.engine.handle(Turn("test:secret-sender", text, MONDAY)))
    lines = [JsonFormatter().format(r) for r in caplog.records if r.levelno >= logging.INFO]
    entries = [json.loads(line) for line in lines]
    assert [e["intent"] for e in entries if e["event"] == "turn"][-1] == "affirm"
    assert {"operation": "book", "outcome": "Booked"}.items() <= [
        e for e in entries if e["event"] == "booking"
    ][-1].items()
    for secret in ("Geheimname", "geheim@", "secret-sender", "reisepass"):
        assert not [line for line in lines if secret in line], secret


def test_the_access_log_drops_the_client_address():
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d',
        ("203.0.113.9:5555", "POST", "/webhooks/rest/webhook?x=1", "1.1", 200), None,
    )  # fmt: skip
    entry = json.loads(AccessFormatter().format(record))
    assert entry["method"] == "POST" and entry["path"] == "/webhooks/rest/webhook"
    assert entry["status"] == 200
    assert "203.0.113.9" not in json.dumps(entry)
