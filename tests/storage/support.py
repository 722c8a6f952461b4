"""Helpers shared by the storage tests."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from office.city import City

BERLIN = ZoneInfo("Europe/Berlin")
BERLIN_CONFIG = Path(__file__).resolve().parents[2] / "config" / "brandenburg-havel.yaml"


def berlin(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


def with_policy(city: City, **changes) -> City:
    return dataclasses.replace(city, booking=dataclasses.replace(city.booking, **changes))


def sent_code(db, appointment_code: str) -> str:
    """The code the pending booking's e-mail carries (read from its outbox row, as the
    citizen reads it from the message)."""
    from sqlalchemy import select

    from storage.models import OutboxRow

    with db.read() as s:
        payload = s.scalar(
            select(OutboxRow.payload).where(OutboxRow.dedupe_key == f"code:{appointment_code}")
        )
    return payload["subject"].rsplit(" ", 1)[1]


def link_in(text: str, path: str) -> str:
    """The token of the first link to `path` ("/termin/absagen/") in an e-mail's text."""
    start = text.index(path) + len(path)
    return text[start:].split()[0]


def verified_booking(booking, *args, **kwargs):
    """A booking made as on the web: pending until the code from its e-mail is typed."""
    from office.booking import Booked
    from office.verification import Verified

    outcome = booking.book(*args, pending=True, **kwargs)
    assert isinstance(outcome, Booked), outcome
    code = outcome.appointment.code
    assert isinstance(booking.verify_code(code, sent_code(booking.db, code), kwargs["now"]),
                      Verified)  # fmt: skip
    return Booked(booking.appointment(code))
