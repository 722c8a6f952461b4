"""The actions serve a Rasa deployment unchanged: a Rasa action-server request to
`buergerbot actions`, which answers only the Rasa server holding its token and keeps its own
clock; and rasa_sdk's own server (`python -m rasa_sdk --actions actions`), which answers anyone,
but whose actions run only for that token."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import httpx
import pytest

from bot.domain import DOMAIN
from tests.serving import free_port

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "rasa-shares-this-secret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@contextmanager
def started(args: list[str], env: dict[str, str]) -> Iterator[str]:
    """An action server (`python -m ...args`) on a free port of 127.0.0.1 until healthy."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", *args, "--port", str(port)],
        cwd=ROOT,
        env=env | {"SANIC_HOST": "127.0.0.1"},  # rasa_sdk's listens on 0.0.0.0 without it
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"action server exited: {proc.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("action server did not start within 60 s")
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def action_server(tmp_path_factory):
    db = tmp_path_factory.mktemp("actions") / "bot.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "BUERGERBOT_ACTION_TOKEN": TOKEN}
    with started(["bot.cli", "actions"], env) as url:
        yield url


def request(action: str, slots: dict, entities: list[dict], now: str) -> dict:
    """The body Rasa POSTs to an action server's /webhook."""
    all_slots = {name: None for name in DOMAIN["slots"]} | slots
    return {
        "next_action": action,
        "sender_id": "rasa:1",
        "tracker": {
            "sender_id": "rasa:1",
            "slots": all_slots,
            "latest_message": {
                "text": "x",
                "intent": {"name": "ask_opening_hours", "confidence": 1.0},
                "entities": entities,
                "metadata": {"now": now},
            },
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        },
        "domain": DOMAIN,
        "version": "3.21.1",
    }


def next_christmas() -> date:
    today = date.today()
    christmas = date(today.year, 12, 25)
    return christmas if christmas >= today else date(today.year + 1, 12, 25)


def test_opening_hours_for_a_date(action_server):
    day = next_christmas()
    body = request(
        "action_opening_hours",
        {"language": "de"},
        [{"entity": "date", "value": day.isoformat()}],
        "2021-12-20T10:00:00+01:00",  # a caller's clock: not believed
    )
    answer = httpx.post(f"{action_server}/webhook", json=body, headers=AUTH, timeout=30).json()
    assert answer["events"] == []
    [message] = answer["responses"]
    assert f"25. Dezember {day.year}: geschlossen – Erster Weihnachtstag" in message["text"]
    assert {"title": "Termin buchen", "payload": "/book_appointment"} in message["buttons"]


def test_set_language_returns_a_slot_event(action_server):
    body = request(
        "action_set_language",
        {},
        [{"entity": "language", "value": "en"}],
        "2021-09-15T10:00:00+02:00",
    )
    answer = httpx.post(f"{action_server}/webhook", json=body, headers=AUTH, timeout=30).json()
    assert [(e["event"], e["name"], e["value"]) for e in answer["events"]] == [
        ("slot", "language", "en")
    ]
    assert answer["responses"][0]["text"] == "Sure, I will write in English from now on."


def test_unknown_action_is_refused(action_server):
    body = request("action_does_not_exist", {}, [], "2021-09-15T10:00:00+02:00")
    response = httpx.post(f"{action_server}/webhook", json=body, headers=AUTH, timeout=30)
    assert response.status_code == 404


def test_a_caller_without_the_token_is_refused(action_server):
    body = request("action_set_language", {}, [{"entity": "language", "value": "en"}], "x")
    assert httpx.post(f"{action_server}/webhook", json=body, timeout=30).status_code == 401
    wrong = {"Authorization": "Bearer guess"}
    assert httpx.post(f"{action_server}/webhook", json=body, headers=wrong).status_code == 401
    assert httpx.get(f"{action_server}/actions").status_code == 401
    listed = httpx.get(f"{action_server}/actions", headers=AUTH).json()
    assert {"name": "validate_booking_form"} in listed


def test_the_server_refuses_to_start_without_a_token(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/a.db"}
    env.pop("BUERGERBOT_ACTION_TOKEN", None)
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", "actions", "--port", str(free_port())],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2 and "BUERGERBOT_ACTION_TOKEN" in out.stderr


def test_bare_rasa_sdk_runs_actions_only_for_the_token(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/bare.db"}
    language = [{"entity": "language", "value": "en"}]
    body = request("action_set_language", {}, language, "2021-09-15T10:00:00+02:00")
    with started(
        ["rasa_sdk", "--actions", "actions"], env | {"BUERGERBOT_ACTION_TOKEN": TOKEN}
    ) as url:
        for headers in ({}, {"Authorization": "Bearer guess"}):
            refused = httpx.post(f"{url}/webhook", json=body, headers=headers, timeout=30)
            assert refused.status_code == 400 and "unauthorised" in refused.json()["error"]
            assert "events" not in refused.json()  # the action did not run
        answer = httpx.post(f"{url}/webhook", json=body, headers=AUTH, timeout=30).json()
        assert [(e["event"], e["name"], e["value"]) for e in answer["events"]] == [
            ("slot", "language", "en")
        ]
    env.pop("BUERGERBOT_ACTION_TOKEN", None)
    with started(["rasa_sdk", "--actions", "actions"], env) as url:  # no token: nobody's
        refused = httpx.post(f"{url}/webhook", json=body, headers=AUTH, timeout=30)
        assert refused.status_code == 400 and "unauthorised" in refused.json()["error"]
