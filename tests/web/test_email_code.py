"""Issue 14: on the web a booking is pending until the e-mail's code is typed (one step more
than before) or its link is POSTed; a wrong code is counted; a phone number alone does not do;
the confirmation e-mail carries the .ics and a cancel link whose GET only asks."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from app.settings import Settings
from bot.turn import Turn
from bot.web.links import link_routes
from office.lifecycle import Status
from storage.models import OutboxRow
from tests.storage.support import link_in, sent_code

MONDAY = datetime(2021, 9, 13, 8, 0, tzinfo=ZoneInfo("Europe/Berlin"))
STEPS = (
    '/book_appointment{"service":"personalausweis"}',
    '/inform{"date":"2021-09-14"}',
    '/inform{"slot":"2021-09-14T09:00:00+02:00"}',
    "Erika Mustermann",
)


def web_app(tmp_path, interpreter):
    from bot.bootstrap import build

    settings = replace(Settings(), verify_contacts=True)
    return build(database_url=f"sqlite:///{tmp_path}/bot.db", interpreter=interpreter,
                 settings=settings)  # fmt: skip


def talk(app, sender: str):
    def say(text: str, now: datetime = MONDAY) -> str:
        turn = Turn(sender, text, now, "de", {"proof_required": True, "proof_ok": False})
        return " ".join(r.text for r in asyncio.run(app.engine.handle(turn)))

    return say


def outbox(app, prefix: str) -> OutboxRow:
    with app.db.read() as s:
        return s.scalars(select(OutboxRow).where(OutboxRow.dedupe_key.startswith(prefix))).one()


def test_a_web_booking_waits_for_the_code_then_confirms_by_mail_with_ics_and_cancel_link(
    tmp_path, interpreter
):
    app = web_app(tmp_path, interpreter)
    say = talk(app, "web:c")
    for text in STEPS:
        say(text)
    assert "E-Mail-Adresse" in say("0176 12345678")  # a phone number alone proves nothing
    assert "verbindlich buchen" in say("erika@example.org")
    sent = say("/affirm")  # a REST client without proof of work gets this far
    assert "6-stelligen Code an erika@example.org" in sent and "gebucht" not in sent
    (pending,) = app.booking.appointments_of("web:c", MONDAY)
    assert pending.status is Status.PENDING
    code = sent_code(app.db, pending.code)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    assert "noch 4 Versuche" in say(wrong)
    booked = say(code)
    assert "Ihr Termin ist gebucht" in booked and pending.code in booked
    assert app.booking.appointment(pending.code).status is Status.BOOKED
    mail = outbox(app, "booked:")
    assert mail.channel == "email" and mail.address == "erika@example.org"
    assert "BEGIN:VCALENDAR" in mail.payload["ics"]["content"]
    assert "/termin/absagen/" in mail.payload["ics"]["content"].replace("\r\n ", "")
    token = link_in(mail.payload["text"], "/termin/absagen/")
    client = TestClient(Starlette(routes=link_routes(app.booking, app.city, lambda: MONDAY)))
    page = client.get(f"/termin/absagen/{token}")
    assert page.status_code == 200 and "wirklich absagen" in page.text and "<form" in page.text
    assert app.booking.appointment(pending.code).status is Status.BOOKED  # GET changed nothing
    assert "ist abgesagt" in client.post(f"/termin/absagen/{token}").text
    assert app.booking.appointment(pending.code).status is Status.CANCELLED_BY_CITIZEN
    assert client.post(f"/termin/absagen/{token}").status_code == 404  # used up


def test_the_link_verifies_too_and_what_is_not_verified_is_released(tmp_path, interpreter):
    app = web_app(tmp_path, interpreter)
    client = TestClient(Starlette(routes=link_routes(app.booking, app.city, lambda: MONDAY)))
    for sender, email in (("web:l", "link@example.org"), ("web:q", "quiet@example.org")):
        say = talk(app, sender)
        for text in (*STEPS, email):
            say(text)
        say("/affirm")
    (by_link,) = app.booking.appointments_of("web:l", MONDAY)
    token = link_in(outbox(app, f"code:{by_link.code}").payload["text"], "/termin/bestaetigen/")
    assert "bestätigen" in client.get(f"/termin/bestaetigen/{token}").text
    assert app.booking.appointment(by_link.code).status is Status.PENDING  # a scanner's GET
    assert "ist gebucht" in client.post(f"/termin/bestaetigen/{token}").text
    assert app.booking.appointment(by_link.code).status is Status.BOOKED
    (quiet,) = app.booking.appointments_of("web:q", MONDAY)
    assert app.booking.release_unverified(MONDAY + timedelta(minutes=14)) == 0
    assert app.booking.release_unverified(MONDAY + timedelta(minutes=15)) == 1
    assert app.booking.appointment(quiet.code).status is Status.RELEASED_UNVERIFIED
    late = talk(app, "web:q")(sent_code(app.db, quiet.code), MONDAY + timedelta(minutes=16))
    assert "nicht gebucht" in late
