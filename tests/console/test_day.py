"""The day list's answers to what goes wrong at the counter: an unknown code, a date that is
none, a no-show before the start, a cancellation after it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from storage.models import AppointmentRow, OutboxRow
from tests.console.conftest import NOW, csrf_of
from tests.outreach.population import populate
from tests.storage.support import berlin


def note(page) -> str:
    return page.text.split('role="status">', 1)[1].split("</p>", 1)[0]


def test_an_unknown_code_and_a_date_that_is_none(clerk):
    assert note(clerk.get("/staff/day?q=bb-22222")) == "Einen Termin BB-22222 gibt es nicht."
    page = clerk.get("/staff/day?date=2021-02-30")
    assert note(page) == "Das Datum verstehe ich nicht; hier ist der heutige Tag."
    assert "Termine am Montag, 13. September 2021" in page.text


def test_no_show_waits_for_the_start_and_cancel_ends_with_it(clerk, db):
    made = populate(db, 2, berlin(2021, 9, 13, 9, 45), NOW - timedelta(days=2))
    later = populate(db, 1, berlin(2021, 9, 13, 11, 0), NOW - timedelta(days=2), offset=10)
    csrf = csrf_of(clerk)
    form = {"csrf": csrf, "date": "2021-09-13"}
    early = clerk.post("/staff/day/no-show", data={**form, "code": later.codes[0]})
    assert note(early) == f"Der Termin {later.codes[0]} hat noch nicht begonnen."
    begun = clerk.post("/staff/day/cancel",
                       data={**form, "code": made.codes[0], "reason": "duplicate"})  # fmt: skip
    assert note(begun) == f"{made.codes[0]} ist nicht mehr aktiv oder hat schon begonnen."
    forged = clerk.post("/staff/day/cancel", data={**form, "code": later.codes[0],
                                                   "reason": "weil ich es will"})  # fmt: skip
    assert forged.status_code == 400
    with db.read() as s:
        assert set(s.scalars(select(AppointmentRow.status))) == {"booked"}
        assert s.scalars(select(OutboxRow)).all() == []
