"""Issue 14: an e-mail address given in a Telegram chat is proven by the e-mail's code typed in
that chat (the same 6-digit code as on the web), not only by its link; the booking itself takes
no extra turn, and a code nobody sent proves nothing."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.settings import Settings
from bot.turn import Turn
from storage.models import Account, OutboxRow, Person

MONDAY = datetime(2021, 9, 13, 8, 0, tzinfo=ZoneInfo("Europe/Berlin"))
CHAT = "telegram:4242"


def engine_app(tmp_path, interpreter):
    from bot.bootstrap import build

    settings = replace(Settings(), verify_contacts=True)
    return build(database_url=f"sqlite:///{tmp_path}/bot.db", interpreter=interpreter,
                 settings=settings)  # fmt: skip


def talk(app, sender: str):
    def say(text: str) -> str:
        turn = Turn(sender, text, MONDAY, "de")
        return " ".join(r.text for r in asyncio.run(app.engine.handle(turn)))

    return say


def mailed_code(app) -> str:
    with app.db.read() as s:
        text = s.scalars(
            select(OutboxRow.payload["text"].as_string()).where(
                OutboxRow.dedupe_key.startswith(f"email_check:{CHAT}:")
            )
        ).one()
    assert "/email/bestaetigen/" in text  # the link still works too
    return re.search(r"Ihr Code: (\d{6})", text)[1]


def proven(app) -> bool:
    with app.db.read() as s:
        person = s.scalars(select(Person).where(Person.key == "email:erika@example.org")).one()
        linked = s.scalar(
            select(Account.id).where(Account.person_id == person.id, Account.sender == CHAT)
        )
    return person.verified_at is not None and linked is not None


def confirmations(app) -> list[OutboxRow]:
    with app.db.read() as s:
        return list(s.scalars(select(OutboxRow).where(OutboxRow.campaign.startswith("booked:"))))


def test_a_telegram_citizen_proves_the_e_mail_address_by_typing_its_code(tmp_path, interpreter):
    app = engine_app(tmp_path, interpreter)
    say = talk(app, CHAT)
    for text in (
        '/book_appointment{"service":"personalausweis"}',
        '/inform{"date":"2021-09-14"}',
        '/inform{"slot":"2021-09-14T09:00:00+02:00"}',
        "Erika Mustermann",
        "erika@example.org",
    ):
        say(text)
    booked = say("/affirm")
    assert "Ihr Termin ist gebucht" in booked  # at once: the account is the proof
    assert "6-stelligen Code aus unserer E-Mail" in booked
    code = mailed_code(app)
    assert not proven(app)
    assert confirmations(app) == []  # nothing to an address the chat has not proven

    wrong = f"{(int(code) + 1) % 10**6:06d}"
    assert "noch 4 Versuche" in say(wrong)
    assert not proven(app)
    assert "E-Mail-Adresse ist bestätigt" in say(f"Code: {code[:3]} {code[3:]}")
    assert proven(app)
    assert "gilt nicht mehr" in say(code)  # used up

    (mail,) = confirmations(app)  # the booking's confirmation, now that the address is proven
    assert (mail.channel, mail.address) == ("email", "erika@example.org")
    assert mail.payload["codes"] and mail.payload["ics"]["content"].startswith("BEGIN:VCALENDAR")
    assert "/termin/absagen/" in mail.payload["text"]  # its cancel link


def test_a_booking_with_an_address_proven_for_the_chat_is_confirmed_by_e_mail_at_once(
    tmp_path, interpreter
):
    app = engine_app(tmp_path, interpreter)
    say = talk(app, CHAT)
    steps = ('/inform{"slot":"2021-09-14T09:00:00+02:00"}', "Erika Mustermann", "erika@example.org")
    for text in ('/book_appointment{"service":"personalausweis"}', '/inform{"date":"2021-09-14"}',
                 *steps):  # fmt: skip
        say(text)
    say("/affirm")
    say(mailed_code(app))
    (first,) = confirmations(app)
    say("Ich möchte meinen Termin absagen")
    assert "storniert" in say("/affirm")
    for text in ('/book_appointment{"service":"personalausweis"}', '/inform{"date":"2021-09-15"}',
                 '/inform{"slot":"2021-09-15T09:00:00+02:00"}', "Erika Mustermann",
                 "erika@example.org"):  # fmt: skip
        say(text)
    assert "Ihr Termin ist gebucht" in say("/affirm")
    second = [m for m in confirmations(app) if m.id != first.id]
    assert len(second) == 1 and second[0].address == "erika@example.org"


def test_a_code_no_e_mail_of_this_chat_carries_proves_nothing(tmp_path, interpreter):
    app = engine_app(tmp_path, interpreter)
    assert "nichts zu bestätigen" in talk(app, "telegram:7")("483920")
    assert "nichts zu bestätigen" in talk(app, "web:w")("483920")
