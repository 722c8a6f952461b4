"""`buergerbot serve` as an operator starts it: a process on a port, over the real engine."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.serving import serving


@pytest.fixture(params=[1, 2], ids=["one-worker", "two-workers"])
def served(request, tmp_path):
    env = os.environ | {"DATABASE_URL": f"sqlite:///{tmp_path}/serve.db"}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    with serving(env, request.param) as url:
        yield url


def test_serve_answers_rest_parse_and_the_widget_over_the_real_engine(served):
    r = httpx.post(served + "/webhooks/rest/webhook", json={"sender": "op", "message": "Hallo"})
    assert r.status_code == 200
    greeting = r.json()[0]
    assert greeting["recipient_id"] == "op" and "Guten Tag" in greeting["text"]
    assert any(b["title"] == "Termin buchen" for b in greeting["buttons"])
    parsed = httpx.post(served + "/model/parse", json={"text": "Wann haben Sie geöffnet?"}).json()
    assert parsed["text"] == "Wann haben Sie geöffnet?"
    assert parsed["intent"]["name"] == "ask_opening_hours"
    assert {"name", "confidence"} <= set(parsed["intent_ranking"][0])
    assert httpx.get(served + "/widget.js").status_code == 200


def test_serve_purges_on_schedule(served, tmp_path):
    """The first round runs at start (the lease's turn-taking: tests/privacy/test_retention)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{tmp_path}/serve.db")
    query = text("SELECT count(*) FROM audit WHERE actor = 'system' AND action = 'retention'")
    deadline = time.monotonic() + 60
    with engine.connect() as c:
        while not c.execute(query).scalar():
            assert time.monotonic() < deadline, "serve never purged"
            time.sleep(0.1)
    engine.dispose()


def test_serve_refuses_impossible_options():
    run = [sys.executable, "-m", "bot.cli", "serve"]
    out = subprocess.run([*run, "--workers", "0"], capture_output=True, text=True)
    assert out.returncode == 2 and "--workers must be 1 or more" in out.stderr
    out = subprocess.run([*run, "--workers", "2", "--now", "2021-09-13T08:00"], capture_output=True,
                         text=True)  # fmt: skip
    assert out.returncode == 2 and "--now runs one worker's clock" in out.stderr


def test_a_server_clock_set_by_now_runs_on_from_there():
    from bot.commands.serve import running_from

    start = datetime(2021, 9, 13, 8, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    clock = running_from(start)
    first, second = clock(), clock()
    assert start <= first <= second < start + timedelta(minutes=1)
