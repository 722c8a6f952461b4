"""Issue 14's e-mail flow end to end against `buergerbot serve` and a local SMTP server
(aiosmtpd): a REST client without proof of work books, the code arrives by e-mail, typed back
it books; the confirmation e-mail carries the .ics and the cancel link, whose GET only asks
and whose POST cancels. (Reminders with links and the releases of what is unconfirmed or
unverified need a clock the served process does not share: tests/outreach/test_reminders.py
and tests/web/test_email_code.py show them over the same code.)"""

from __future__ import annotations

import os
import re
import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import httpx
from aiosmtpd.controller import Controller

from tests.serving import free_port, serving

ROOT = Path(__file__).resolve().parents[2]


class Mailbox:
    def __init__(self) -> None:
        self.received: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.received.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 OK"

    def wait(self, subject: str, timeout: float = 60) -> EmailMessage:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for m in self.received:
                if subject in str(m["Subject"]):
                    return m
            time.sleep(0.1)
        raise AssertionError(f"no e-mail {subject!r}; got {[m['Subject'] for m in self.received]}")


def body(m: EmailMessage) -> str:
    part = m.get_body(preferencelist=("plain",))
    assert part is not None
    return part.get_content()


def test_code_then_confirmation_with_ics_then_cancel_link(tmp_path):
    mailbox = Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
           "SMTP_URL": f"smtp://127.0.0.1:{smtp.port}", "BUERGERBOT_EMAIL_RATE": "100",
           "BUERGERBOT_VERIFY_CONTACTS": "on", "PYTHONPATH": str(ROOT)}  # fmt: skip
    try:
        with serving(env) as url, httpx.Client(base_url=url, timeout=30) as http:

            def say(text: str) -> list[dict]:
                r = http.post("/webhooks/rest/webhook", json={"sender": "rest-1", "message": text})
                assert r.status_code == 200, r.text
                return r.json()

            def tap(answer: list[dict], index: int = 0) -> list[dict]:
                buttons = [b for m in answer for b in m.get("buttons", [])]
                return say(buttons[index]["payload"])

            answer = tap(say("Ich möchte einen Termin für einen Personalausweis"))  # a day
            answer = tap(answer)  # the first time
            say("Erika Mustermann")
            assert "verbindlich" in " ".join(m.get("text", "") for m in say("erika@example.org"))
            sent = " ".join(m.get("text", "") for m in say("Ja"))
            assert "6-stelligen Code" in sent
            code_mail = mailbox.wait("Bestätigungscode")
            code = str(code_mail["Subject"]).rsplit(" ", 1)[1]
            assert code in body(code_mail) and "/termin/bestaetigen/" in body(code_mail)
            booked = " ".join(m.get("text", "") for m in say(code))
            assert "Ihr Termin ist gebucht" in booked
            confirmation = mailbox.wait("ist gebucht")
            (ics,) = [p for p in confirmation.iter_attachments()
                      if p.get_content_type() == "text/calendar"]  # fmt: skip
            calendar = ics.get_content()
            calendar = calendar if isinstance(calendar, str) else calendar.decode()
            assert "BEGIN:VEVENT" in calendar and "/termin/absagen/" in calendar.replace(
                "\r\n ", ""
            )
            link = re.search(r"https?://\S+/termin/absagen/\S+", body(confirmation)).group(0)
            path = "/termin/absagen/" + link.rsplit("/", 1)[1]
            page = http.get(path)
            assert page.status_code == 200 and "wirklich absagen" in page.text
            assert "Ihre Termine" in " ".join(
                m.get("text", "") for m in say("Welche Termine habe ich?")
            )
            done = http.post(path)
            assert done.status_code == 200 and "ist abgesagt" in done.text
            mine = " ".join(m.get("text", "") for m in say("Welche Termine habe ich?"))
            assert "keinen gebuchten Termin" in mine
    finally:
        smtp.stop()
