"""The console's waitlist page: who waits for a day and a service, first come first, with the
offer held for them; nothing about those waiting for other days or services."""

from __future__ import annotations

from datetime import date, timedelta

from office.waitlist import Wish
from tests.console.conftest import NOW


def test_the_day_and_service_list_first_come_first(clerk, console):
    waitlist = console.services.waitlist
    week = Wish("reisepass", 1, date(2021, 9, 13), date(2021, 9, 20))
    waitlist.join("telegram:1", week, NOW, name="Erste Wartende", phone="0331 1234567")
    later = Wish("reisepass", 2, date(2021, 9, 14), date(2021, 9, 17), "morning")
    waitlist.join("telegram:2", later, NOW + timedelta(minutes=5), name="Zweiter Wartender",
                  email="z@example.org")  # fmt: skip
    other = Wish("personalausweis", 1, date(2021, 9, 13), date(2021, 9, 20))
    waitlist.join("telegram:3", other, NOW, name="Andere Sache", phone="0331 7654321")
    page = clerk.get("/staff/waitlist?date=2021-09-15&service=reisepass")
    assert page.status_code == 200
    text = page.text
    assert "Wartende: 2" in text and "Andere Sache" not in text
    assert text.index("Erste Wartende") < text.index("Zweiter Wartender")
    assert "2 Pers., vormittags" in text and "wartet" in text
    assert "Telegram" in text
    empty = clerk.get("/staff/waitlist?date=2021-09-13&service=reisepass")
    assert "Erste Wartende" in empty.text and "Zweiter Wartender" not in empty.text
