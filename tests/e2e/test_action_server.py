"""The actions serve a Rasa deployment unchanged: a Rasa action-server request to rasa_sdk."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from bot.domain import DOMAIN
from tests.serving import free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def action_server(tmp_path_factory):
    port = free_port()
    db = tmp_path_factory.mktemp("actions") / "bot.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "SANIC_NO_UVLOOP": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "-p", str(port), "--quiet"],
        cwd=ROOT,
        env=env,
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


def test_opening_hours_for_a_date(action_server):
    body = request(
        "action_opening_hours",
        {"language": "de"},
        [{"entity": "date", "value": "2021-12-25"}],
        "2021-12-20T10:00:00+01:00",
    )
    answer = httpx.post(f"{action_server}/webhook", json=body, timeout=30).json()
    assert answer["events"] == []
    [message] = answer["responses"]
    assert message["text"].startswith(
        "Samstag, 25. Dezember 2021: geschlossen – Erster Weihnachtstag"
    )
    assert {"title": "Termin buchen", "payload": "/book_appointment"} in message["buttons"]


def test_set_language_returns_a_slot_event(action_server):
    body = request(
        "action_set_language",
        {},
        [{"entity": "language", "value": "en"}],
        "2021-09-15T10:00:00+02:00",
    )
    answer = httpx.post(f"{action_server}/webhook", json=body, timeout=30).json()
    assert [(e["event"], e["name"], e["value"]) for e in answer["events"]] == [
        ("slot", "language", "en")
    ]
    assert answer["responses"][0]["text"] == "Sure, I will write in English from now on."


def test_unknown_action_is_refused(action_server):
    body = request("action_does_not_exist", {}, [], "2021-09-15T10:00:00+02:00")
    response = httpx.post(f"{action_server}/webhook", json=body, timeout=30)
    assert response.status_code == 404
