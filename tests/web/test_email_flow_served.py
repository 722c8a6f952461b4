"""Issue 14's e-mail flow end to end against `buergerbot serve` and a local SMTP server
(aiosmtpd), over three days of the server's clock (`serve --now`, restarted on the same SQLite
file): a REST client without proof of work books, the code arrives by e-mail, typed back it
books; the confirmation e-mail carries the .ics and the cancel link, whose GET only asks and
whose POST cancels. Two days before their appointments two other citizens get the reminder with
its "Ich komme" and "Absagen" links; one answers "Ich komme", the other nothing and is released
a day before, told by e-mail, the seat freed; a booking whose code was never typed is released
too."""

from __future__ import annotations

import json
import os
import re
import time
from datetime import date, timedelta
from email.message import EmailMessage
from pathlib import Path

import httpx
from smtpbox import Mailbox, mail_server
from sqlalchemy import func, select

from office.lifecycle import Status
from storage.db import Database, open_database
from storage.models import AppointmentRow, Seat
from tests.serving import serving

ROOT = Path(__file__).resolve().parents[2]


def body(m: EmailMessage) -> str:
    part = m.get_body(preferencelist=("plain",))
    assert part is not None
    return part.get_content()


def link(m: EmailMessage, path: str) -> str:
    """The path and token of the e-mail's link to `path`."""
    found = re.search(r"https?://[^/\s]+(" + re.escape(path) + r"\S+)", body(m))
    assert found, f"no {path} link in {m['Subject']!r}"
    return found[1]


class Citizen:
    """One REST sender with an e-mail address."""

    def __init__(self, http: httpx.Client, sender: str, email: str):
        self.http, self.sender, self.email = http, sender, email

    def say(self, text: str) -> list[dict]:
        r = self.http.post("/webhooks/rest/webhook", json={"sender": self.sender, "message": text})
        assert r.status_code == 200, r.text
        return r.json()

    def text(self, message: str) -> str:
        return " ".join(m.get("text", "") for m in self.say(message))

    def book(self, name: str, mail: Mailbox, from_day: date = date.min, code: bool = True) -> str:
        """Service, the first day offered from `from_day` on, its first time, name, e-mail,
        "Ja", and (with `code`) the code from the e-mail: the last answer."""
        answer = self.say("Ich möchte einen Termin für einen Personalausweis")
        days = [b["payload"] for m in answer for b in m.get("buttons", [])
                if b["payload"].startswith('/inform{"date"')]  # fmt: skip
        day = next(p for p in days if date.fromisoformat(json.loads(p[7:])["date"]) >= from_day)
        times = [b["payload"] for m in self.say(day) for b in m.get("buttons", [])]
        self.say(times[0])
        self.say(name)
        assert "verbindlich" in self.text(self.email)
        sent = self.text("Ja")
        assert "6-stelligen Code" in sent
        if not code:
            return sent
        code_mail = mail.wait(self.email, "Bestätigungscode")
        typed = str(code_mail["Subject"]).rsplit(" ", 1)[1]
        assert typed in body(code_mail) and "/termin/bestaetigen/" in body(code_mail)
        return self.text(typed)


def appointment(db: Database, sender: str) -> AppointmentRow:
    with db.read() as s:
        return s.scalars(select(AppointmentRow).where(AppointmentRow.sender == sender)).one()


def settles(db: Database, sender: str, status: Status, timeout: float = 60) -> AppointmentRow:
    """The sender's appointment once the served worker has brought it to `status`."""
    deadline = time.monotonic() + timeout
    while (a := appointment(db, sender)).status != status and time.monotonic() < deadline:
        time.sleep(0.1)
    assert a.status == status, a.status
    return a


def test_code_confirmation_cancel_link_reminder_and_release(tmp_path):
    with mail_server() as mail:
        env = os.environ | {"DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
                            "SMTP_URL": mail.url, "BUERGERBOT_EMAIL_RATE": "100",
                            "BUERGERBOT_VERIFY_CONTACTS": "on",
                            "PYTHONPATH": str(ROOT)}  # fmt: skip
        in_three_days = date.today() + timedelta(days=3)  # a reminder needs 48 h of notice
        with serving(env) as url, httpx.Client(base_url=url, timeout=30) as http:
            erika = Citizen(http, "rest-1", "erika@example.org")
            assert "Ihr Termin ist gebucht" in erika.book("Erika Mustermann", mail)
            confirmation = mail.wait(erika.email, "ist gebucht")
            (ics,) = [p for p in confirmation.iter_attachments()
                      if p.get_content_type() == "text/calendar"]  # fmt: skip
            calendar = ics.get_content()
            calendar = calendar if isinstance(calendar, str) else calendar.decode()
            assert "BEGIN:VEVENT" in calendar and "/termin/absagen/" in calendar.replace(
                "\r\n ", ""
            )
            cancel = link(confirmation, "/termin/absagen/")
            page = http.get(cancel)
            assert page.status_code == 200 and "wirklich absagen" in page.text
            assert "Ihre Termine" in erika.text("Welche Termine habe ich?")  # GET only asked
            done = http.post(cancel)
            assert done.status_code == 200 and "ist abgesagt" in done.text
            assert "keinen gebuchten Termin" in erika.text("Welche Termine habe ich?")

            comes = Citizen(http, "rest-2", "max@example.org")
            silent = Citizen(http, "rest-3", "lena@example.org")
            for citizen, name in ((comes, "Max Muster"), (silent, "Lena Still")):
                assert "Ihr Termin ist gebucht" in citizen.book(name, mail, in_three_days)
            never = Citizen(http, "rest-4", "otto@example.org")
            never.book("Otto Nie", mail, in_three_days, code=False)  # pending, code never typed

        db = open_database(env["DATABASE_URL"])
        starts = [appointment(db, f"web:{c.sender}").slot_start for c in (comes, silent)]
        last = max(starts)

        with (
            serving(env, now=last - timedelta(hours=47)) as url,
            httpx.Client(base_url=url, timeout=30) as http,
        ):
            for citizen in (comes, silent):
                reminder = mail.wait(citizen.email, "Erinnerung")
                assert "/termin/kommen/" in body(reminder) and "/termin/absagen/" in body(reminder)
            coming = link(mail.wait(comes.email, "Erinnerung"), "/termin/kommen/")
            page = http.get(coming)
            assert page.status_code == 200 and "Kommen Sie zu Ihrem Termin" in page.text
            assert appointment(db, "web:rest-2").status == Status.BOOKED  # GET only asked
            done = http.post(coming)
            assert done.status_code == 200 and "ist bestätigt" in done.text
            settles(db, "web:rest-4", Status.RELEASED_UNVERIFIED)  # its 15 minutes are long over

        with serving(env, now=last - timedelta(hours=23)):
            released = mail.wait(silent.email, "ist freigegeben")
            assert "nicht bestätigt" in body(released)
            gone = settles(db, "web:rest-3", Status.RELEASED_UNCONFIRMED)
            assert appointment(db, "web:rest-2").status == Status.CONFIRMED
        with db.read() as s:
            held = s.scalar(select(func.count(Seat.id)).where(Seat.appointment_id == gone.id))
        assert held == 0  # the released seat is free for the next citizen
        db.dispose()
