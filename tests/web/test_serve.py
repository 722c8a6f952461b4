"""`buergerbot serve` as an operator starts it: a process on a port, over the real engine."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(params=[1, 2], ids=["one-worker", "two-workers"])
def served(request, tmp_path):
    port = free_port()
    env = os.environ | {"DATABASE_URL": f"sqlite:///{tmp_path}/serve.db"}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    cmd = [sys.executable, "-m", "bot.cli", "serve", "--port", str(port)]
    cmd += ["--workers", str(request.param)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(url + "/healthz").status_code == 200:
                break
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise AssertionError(proc.stdout.read().decode()[-2000:])
        time.sleep(0.2)
    yield url
    proc.terminate()
    log = proc.communicate(timeout=20)[0].decode()
    assert "died" not in log and "Traceback" not in log, log[-2000:]


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


def test_serve_refuses_impossible_options():
    run = [sys.executable, "-m", "bot.cli", "serve"]
    out = subprocess.run([*run, "--workers", "0"], capture_output=True, text=True)
    assert out.returncode == 2 and "--workers must be 1 or more" in out.stderr
