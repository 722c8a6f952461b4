"""The staff tools without any channel, over the real booking service: parsing, the role, the
audit, the confirmations."""

from __future__ import annotations

from datetime import date

import pytest

from bot.staff import StaffService, parse_day
from storage.audit import AuditLog
from tests.telegram.conftest import NOW, audit_rows
from tests.telegram.doubles import Broadcast, Cutover

STAFF = "telegram:777"


@pytest.fixture
def service(city, db, booking):
    return StaffService(city, frozenset({STAFF}), booking, AuditLog(db), Cutover(booking))


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("15.09.2021", date(2021, 9, 15)),
        ("15.9.", date(2021, 9, 15)),
        ("1.10.21", date(2021, 10, 1)),
        ("2021-09-17", date(2021, 9, 17)),
        ("heute", date(2021, 9, 15)),
        ("Morgen", date(2021, 9, 16)),
        ("31.02.2021", None),
        ("nächste Woche", None),
    ],
)
def test_parse_day(text: str, day: date | None) -> None:
    assert parse_day(text, date(2021, 9, 15)) == day


def test_unclear_date_and_missing_or_bad_code_are_explained(service) -> None:
    [answer] = service.command("tagesliste", "32.13.", STAFF, NOW, "de")
    assert answer.text == "Das Datum „32.13.“ verstehe ich nicht. Bitte so: 15.09.2021"
    [answer] = service.command("noshow", "", STAFF, NOW, "de")
    assert answer.text == "Bitte mit Terminnummer: /noshow BB-7K3QX"
    [answer] = service.command("noshow", "Max", STAFF, NOW, "de")
    assert answer.text == "„Max“ ist keine Terminnummer wie BB-7K3QX."


def test_no_show_outcomes(service, booking) -> None:
    friday = booking.day_list(date(2021, 9, 17))[0].code
    texts = [service.command("noshow", c, STAFF, NOW, "en")[0].text for c in ("BB-22222", friday)]
    assert texts == [
        "I cannot find an appointment BB-22222.",
        f"Appointment {friday} has not started yet.",
    ]


def test_second_no_show_blocks_online_booking(service, booking) -> None:
    first, second = booking.day_list(NOW.date())
    service.command("noshow", first.code, STAFF, NOW, "de")
    [answer] = service.command("noshow", first.code, STAFF, NOW, "de")
    assert answer.text == f"Der Termin {first.code} ist nicht mehr aktiv (storniert oder erledigt)."


def test_empty_day_and_english_day_list(service) -> None:
    [empty] = service.command("daylist", "2021-09-16", STAFF, NOW, "en")
    assert empty.text == "No appointments are booked on Thursday, 16 September 2021."
    [day] = service.command("daylist", "2021-09-17", STAFF, NOW, "en")
    assert day.text.splitlines()[1].endswith(" · Certification of copies · Ida Beispiel · booked")
    assert day.text.startswith("Appointments on Friday, 17 September 2021: 1\n08:00 · BB-")


def test_not_staff_means_not_a_command_and_an_audit_row(service, db) -> None:
    assert service.command("tagesliste", "", "telegram:1", NOW, "de") is None
    assert service.command("termin", "", "telegram:1", NOW, "de") is None  # not a staff command
    [confirm] = service.command("umstellung", "", STAFF, NOW, "de")[0].buttons
    assert service.confirm(confirm.payload, "telegram:1", NOW, "de") is None
    assert service.cutover_tool.runs == []
    refused = [row for row in audit_rows(db) if row[1] == "staff_refused"]
    assert refused == [
        ("citizen", "staff_refused", "telegram /tagesliste"),
        ("citizen", "staff_refused", "telegram /staff_cutover"),
    ]


def test_forged_confirmations_are_not_confirmations(service) -> None:
    assert service.confirm('/staff_cutover{"from": {"day": 5}}', STAFF, NOW, "de") is None
    assert service.confirm('/staff_cutover{"from": true}', STAFF, NOW, "de") is None
    assert service.confirm("/staff_cutover{nope", STAFF, NOW, "de") is None
    assert service.confirm("/staff_cutover", STAFF, NOW, "de") is None
    [number] = service.confirm('/staff_cutover{"from": 5}', STAFF, NOW, "de")
    assert number.text.startswith("Das Datum „5“")  # one grammar: numbers read as text
    assert service.confirm('/affirm{"from": "2021-09-01"}', STAFF, NOW, "de") is None
    [answer] = service.confirm('/staff_cutover{"from": "bald"}', STAFF, NOW, "de")
    assert answer.text.startswith("Das Datum „bald“")
    assert service.cutover_tool.runs == []


def test_broadcast_without_machinery_says_so(service) -> None:
    [answer] = service.command("rundschreiben", "alle Neue Zeiten ab Montag", STAFF, NOW, "de")
    assert answer.text == "Diese Funktion ist in dieser Installation nicht eingerichtet."


def test_broadcast_preview_then_confirmed_send(city, db, booking) -> None:
    broadcast = Broadcast()
    service = StaffService(city, frozenset({STAFF}), booking, AuditLog(db), None, broadcast)
    text = "Am Freitag schließt der Bürgerservice um 11 Uhr. " * 8  # longer than a payload slot
    [preview] = service.command("rundschreiben", f"alle {text}", STAFF, NOW, "de")
    assert preview.text == f"Rundschreiben (Empfänger: 5):\n\n{text.strip()}"
    [button] = preview.buttons
    assert button.title == "Jetzt senden (5)" and broadcast.sent == []
    [done] = service.confirm(button.payload, STAFF, NOW, "de")
    assert done.text == "Zum Versand eingereiht: 5."
    assert broadcast.sent == [("all", text.strip(), STAFF)]
    [usage] = service.command("rundschreiben", "", STAFF, NOW, "de")
    assert usage.text == "Bitte mit Text: /rundschreiben Ihre Nachricht"
    [default] = service.command("broadcast", "Hello", STAFF, NOW, "en")
    assert default.text.startswith("Broadcast (recipients: 3):")
