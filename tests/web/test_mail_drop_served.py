"""The embedded default (`buergerbot serve` on SQLite, no SMTP_URL) still proves a web booker's
e-mail address: the code goes to the local mail drop, whose place the start log names."""

from __future__ import annotations

import mailbox
import os
import re
import time
from pathlib import Path

import httpx

from tests.serving import serving

ROOT = Path(__file__).resolve().parents[2]


def test_without_smtp_the_code_reaches_the_mail_drop_and_books(tmp_path):
    env = os.environ | {"DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}", "PYTHONPATH": str(ROOT)}
    for name in ("SMTP_URL", "BUERGERBOT_VERIFY_CONTACTS", "BUERGERBOT_MAIL_DROP"):
        env.pop(name, None)  # the product's defaults, not the tests'
    drop = mailbox.Maildir(tmp_path / "mail", create=True)
    log: list[str] = []
    with serving(env, log=log) as url, httpx.Client(base_url=url, timeout=30) as http:

        def say(text: str) -> str:
            r = http.post("/webhooks/rest/webhook", json={"sender": "drop-1", "message": text})
            assert r.status_code == 200, r.text
            return " ".join(m.get("text", "") for m in r.json()) + str(r.json())

        def first(answer: str, prefix: str) -> str:
            return re.search(r"'payload': '(" + re.escape(prefix) + r"[^']*)'", answer)[1]

        days = say('/inform{"service":"personalausweis"}')
        times = say(first(days, '/inform{"date"'))
        say(first(times, '/inform{"slot"'))
        say("Erika Mustermann")
        say("erika@example.org")
        assert "6-stelligen Code" in say("Ja")  # pending: the proof is asked for
        deadline = time.monotonic() + 60  # the server's delivery worker writes the mail
        while not len(drop) and time.monotonic() < deadline:
            time.sleep(0.1)
        (mail,) = drop.values()
        code = str(mail["Subject"]).rsplit(" ", 1)[1]
        assert "Ihr Termin ist gebucht" in say(code)
    assert any("mail drop" in line and str(tmp_path / "mail") in line for line in log)
