"""The staff's chat commands /umstellung and /rundschreiben over the real machinery."""

from __future__ import annotations

from bot.staff import StaffService
from storage.audit import AuditLog
from storage.booking import BookingService
from storage.broadcast import BroadcastService
from storage.cutover import CutoverService
from tests.outreach.population import populate
from tests.storage.support import berlin

STAFF = "telegram:777"
NOW = berlin(2021, 8, 20, 10, 0)


def test_cutover_and_broadcast_from_the_chat(db, city):
    populate(db, 5, berlin(2021, 9, 1, 8, 0), NOW)
    staff = StaffService(city, frozenset({STAFF}), BookingService(db, city), AuditLog(db),
                         CutoverService(db, city), BroadcastService(db, city))  # fmt: skip
    (preview,) = staff.command("umstellung", "01.09.2021", STAFF, NOW, "de")
    assert preview.text.startswith("Umstellung ab Mittwoch, 1. September 2021.")
    assert "telegram: 3" in preview.text
    (confirm,) = preview.buttons
    (done,) = staff.confirm(confirm.payload, STAFF, NOW, "de")
    assert done.text.startswith("Erledigt. Abgesagte Termine ab Mittwoch, 1. September 2021: 5.")
    (again,) = staff.confirm(confirm.payload, STAFF, NOW, "de")
    assert "bereits ausgeführt (5 Termine abgesagt)" in again.text
    assert staff.confirm(confirm.payload, "telegram:1", NOW, "de") is None  # not staff

    (news,) = staff.command("rundschreiben", "betroffene Neue Sprechzeiten ab Montag.", STAFF,
                            NOW, "de")  # fmt: skip
    assert news.text.startswith("Rundschreiben (Empfänger: 5)")
    (send,) = news.buttons
    (queued,) = staff.confirm(send.payload, STAFF, NOW, "de")
    assert queued.text == "Zum Versand eingereiht: 5."
