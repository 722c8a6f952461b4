"""The console as an operator runs it: an account made with `buergerbot staff user add`
(password on stdin), `buergerbot serve --workers 2`, a closure entered in one worker, and every
worker's answers and the /hours.ics feed changed within the refresh interval."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pytest

from tests.serving import serving

PASSWORD = "ein-langes-passwort"
QUESTION = "Haben Sie am 13.01.2027 geöffnet?"  # a Wednesday with appointment hours


def cli(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], env=env, input=stdin,
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def csrf(page: httpx.Response) -> str:
    return page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]


@pytest.fixture
def served(tmp_path):
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{tmp_path}/served.db",
        "BUERGERBOT_CLOSURES_REFRESH_S": "0.2",
    }
    env.pop("TELEGRAM_BOT_TOKEN", None)
    assert cli(env, "db", "upgrade").returncode == 0
    add = ("staff", "user", "add", "leitung", "--role")
    made = cli(env, *add, "supervisor", stdin=PASSWORD + "\n")
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == "account leitung created (supervisor)"
    again = cli(env, *add, "clerk", stdin=PASSWORD + "\n")
    assert again.returncode == 2 and "already an account" in again.stderr
    listed = cli(env, "staff", "user", "list").stdout.split()
    assert listed == ["leitung", "supervisor", "active", "-"]
    with serving(env, workers=2) as url:
        yield url


def answers(url: str, n: int) -> list[str]:
    """The same question from `n` senders (spread over both workers)."""
    found = []
    for i in range(n):
        reply = httpx.post(url + "/webhooks/rest/webhook",
                           json={"sender": f"web-closure-{time.monotonic_ns()}-{i}",
                                 "message": QUESTION})  # fmt: skip
        found.append(reply.json()[0]["text"])
    return found


def test_a_closure_entered_in_one_worker_reaches_every_answer_and_the_feed(served):
    assert all("09:00–11:30 Uhr mit Termin" in a for a in answers(served, 4))
    feed_before = httpx.get(served + "/hours.ics").text
    with httpx.Client(base_url=served, follow_redirects=True) as browser:
        login = browser.get("/staff/login")
        form = {"csrf": csrf(login), "name": "leitung", "password": PASSWORD, "next": ""}
        signed_in = browser.post("/staff/login", data=form)
        assert signed_in.url.path == "/staff/day"
        closures = browser.get("/staff/closures")
        form = {"csrf": csrf(closures), "day": "2027-01-13", "kind": "day",
                "reason_de": "Betriebsausflug", "reason_en": "staff outing"}  # fmt: skip
        report = browser.post("/staff/closures", data=form)
        assert report.url.path == "/staff/report/closure:2027-01-13"
        assert "Schließtag Mittwoch, 13. Januar 2027" in report.text
    deadline = time.monotonic() + 20
    while True:  # the other worker looks for new closures every 0.2 s
        found = answers(served, 8)
        if all("geschlossen – Betriebsausflug" in a for a in found):
            break
        assert time.monotonic() < deadline, found
        time.sleep(0.2)
    feeds = {httpx.get(served + "/hours.ics").text for _ in range(6)}
    assert all("20270113" in f and f != feed_before for f in feeds)
