"""One mailbox written a dozen ways, and a stranger typing someone else's e-mail address."""

from __future__ import annotations

from sqlalchemy import func, select

from office.lifecycle import ACTIVE
from storage.models import AppointmentRow
from tests.abuse.client import WebClient, book

# One Gmail mailbox: case, dots, +tags, googlemail.com, full-width letters, a Cyrillic "а",
# a zero-width space, surrounding blanks.
SPELLINGS = [
    "erika.mustermann@gmail.com",
    "ErikaMustermann@gmail.com",
    "erikamustermann@gmail.com",
    "e.r.i.k.a.mustermann@gmail.com",
    "erika.mustermann+termin@gmail.com",
    "erika.mustermann+2@googlemail.com",
    "ERIKA.MUSTERMANN@GOOGLEMAIL.COM",
    "ｅｒｉｋａ.mustermann@gmail.com",
    "erikа.mustermann@gmail.com",  # Cyrillic а
    "eri\u200bka.mustermann@gmail.com",
    "  erika.mustermann@gmail.com ",
    "Erika.Mustermann@GMail.com",
    "erika.mustermann@ｇｍａｉｌ.ｃｏｍ",
]


def active_appointments(served, senders: list[str]) -> int:
    with served.db.read() as s:
        return s.scalar(
            select(func.count(AppointmentRow.id)).where(
                AppointmentRow.sender.in_(senders),
                AppointmentRow.status.in_([a.value for a in ACTIVE]),
            )
        )


def test_one_mailbox_gets_one_appointment_however_it_is_written(served):
    senders = []
    answers = []
    for i, spelling in enumerate(SPELLINGS):
        client = WebClient(served.url, f"mailbox-{i}", address=f"127.0.1.{i + 1}")
        answers.append(book(client, "Erika Mustermann", spelling))
        client.close()
        senders.append(f"web:mailbox-{i}")
    got = active_appointments(served, senders)
    print(f"\nappointments one mailbox got across {len(SPELLINGS)} spellings: {got}")
    assert got == 1, answers


def test_typing_someone_elses_email_reveals_nothing_of_their_appointment(served):
    victim = WebClient(served.url, "victim", address="127.0.3.1")
    booked = book(victim, "Vera Opfer", "vera.opfer@example.org")
    victim.close()
    with served.db.read() as s:
        row = s.scalars(select(AppointmentRow).where(AppointmentRow.sender == "web:victim")).one()
    from app.config import load_city
    from office import wording
    from tests.conftest import CONFIG

    city = load_city(CONFIG)
    start = row.slot_start.astimezone(city.tz)
    fields = {
        "code": row.code,
        "day": wording.day_name(start.date(), "de"),
        "time": wording.clock(start),
        "service": city.service(row.service_id).name["de"],
        "name": "Vera Opfer",
    }
    stranger = WebClient(served.url, "stranger", address="127.0.3.2")
    answer = book(stranger, "Max Fremd", "vera.opfer@example.org")
    seen = answer + str(stranger.say("/my_appointments"))
    stranger.close()
    revealed = [f for f, value in fields.items() if value in seen]
    print(f"\nfields of someone else's appointment revealed: {len(revealed)} {revealed}")
    assert "gebucht" in booked or "Code" in booked
    assert revealed == []
