"""Found by bench/load.py: on the web, a cancel's "ja" was refused for want of the proof of work
that only a booking asks for (no challenge is ever sent with a cancel question)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.turn import Turn

MONDAY = datetime(2021, 9, 13, 8, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def test_a_web_citizen_cancels_without_a_proof(app_factory):
    app = app_factory()

    def say(text: str, proof_ok: bool = False) -> str:
        web = {"proof_required": True, "proof_ok": proof_ok}
        turn = Turn("web:c", text, MONDAY, "de", web)
        return " ".join(r.text for r in asyncio.run(app.engine.handle(turn)))

    say('/book_appointment{"service":"personalausweis"}')
    say('/inform{"date":"2021-09-14"}')
    say('/inform{"slot":"2021-09-14T09:00:00+02:00"}', proof_ok=True)  # the hold's proof
    say("Erika Mustermann")
    say("erika@example.org")
    code = say("/affirm").split("Buchungsnummer: ")[1].split()[0]
    say(f'/cancel_appointment{{"code":"{code}"}}')
    assert "ist storniert" in say("/affirm")
    assert app.booking.appointments_of("web:c", MONDAY) == []
