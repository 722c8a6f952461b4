"""Closures staff add: laid over the config's schedule (answers, slots, OSM and iCalendar
exports change at once, and agree with opening_hours.js), stored, and their appointments
cancelled and told through the cutover's path."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.config import load_city
from bot.cli import main
from office.closures import Closure
from office.ics import to_ics
from office.osm import osm_hours
from office.schedule import Kind
from storage.booking import BookingService
from storage.closures import ClosureStore
from storage.models import AppointmentRow, OutboxRow
from tests.conftest import CONFIG
from tests.console.conftest import NOW
from tests.oracle.test_opening_hours_oracle import BERLIN, assert_agree
from tests.outreach.population import populate
from tests.storage.support import berlin

TUESDAY = date(2021, 9, 14)  # 09:00-11:30 appointments, 14:00-18:00 walk-in
EARLY = Closure(TUESDAY, {"de": "Personalversammlung", "en": "staff meeting"}, time(10, 0))
DAY = Closure(date(2021, 9, 17), {"de": "Betriebsausflug"})


def spans(schedule, day):
    return [(iv.start.time(), iv.end.time(), iv.kind) for iv in schedule.day(day)]


def test_an_early_closing_shortens_the_counters_and_spares_the_phone(fresh_city):
    schedule = fresh_city.schedule
    august = date(2021, 8, 3)  # phone 08:00-09:00, appointments 09:00-11:30 and 14:00-18:00
    before = spans(schedule, TUESDAY)
    schedule.overlay([EARLY, DAY, Closure(august, {"de": "Umzug"}, time(10))])
    assert spans(schedule, TUESDAY) == [(time(9), time(10), Kind.APPOINTMENT)]
    assert spans(schedule, august) == [
        (time(8), time(9), Kind.EMERGENCY_PHONE),
        (time(9), time(10), Kind.APPOINTMENT),
    ]
    assert schedule.closed_reason(TUESDAY) is None
    assert schedule.closed_reason(DAY.day, "en") == "Betriebsausflug"  # no English given
    assert schedule.day(DAY.day) == []
    schedule.overlay([])  # a new overlay replaces the last one
    assert spans(schedule, TUESDAY) == before


def test_free_slots_follow_an_overlay_at_once(fresh_city, db):
    booking = BookingService(db, fresh_city)
    late = [s for s in booking.free_slots("personalausweis", NOW, TUESDAY, 100)]
    assert any(s.end.time() > time(10) for s in late)  # cached by the slot grid now
    fresh_city.schedule.overlay([EARLY])
    slots = booking.free_slots("personalausweis", NOW, TUESDAY, 100)
    assert slots and all(s.end.time() <= time(10) for s in slots)


def test_the_exports_carry_both_kinds_of_closure(fresh_city):
    fresh_city.schedule.overlay([EARLY, DAY])
    (office,) = {h.office for h in osm_hours(fresh_city.schedule) if "2021+" in (h.office or "")}
    assert '2021 Sep 17 off "Betriebsausflug"' in office
    assert '2021 Sep 14 09:00-10:00 open "mit Termin"' in office
    ics = Calendar.from_ical(
        to_ics(fresh_city, lang="de", stamp=NOW, holidays_until=date(2022, 12, 31))
    )
    events = [e for e in ics.walk("VEVENT")]
    early = [e for e in events if str(e["uid"]).startswith("early-2021-09-14")]
    assert [(e.decoded("dtstart").time(), e.decoded("dtend").time()) for e in early] == [
        (time(9), time(10))
    ]
    exdates = {
        d.dt.date()
        for e in events
        if "exdate" in e
        for x in (e["exdate"] if isinstance(e["exdate"], list) else [e["exdate"]])
        for d in x.dts
    }
    assert {TUESDAY, DAY.day} <= exdates


def test_the_overlaid_schedule_agrees_with_opening_hours_js():
    city = load_city(CONFIG)
    city.schedule.overlay(
        [EARLY, DAY, Closure(date(2022, 3, 2), {"de": "Wasserrohrbruch"}, time(8, 30))]
    )
    start = datetime(2021, 9, 1, tzinfo=BERLIN)
    assert_agree(city.schedule, start, datetime(2022, 4, 1, tzinfo=BERLIN), 4000)


def test_storing_an_early_closing_cancels_only_what_it_hits(db, fresh_city, clock):
    populate(db, 12, berlin(2021, 9, 14, 9, 0), NOW - timedelta(days=3))  # 09:00-10:00
    populate(db, 3, berlin(2021, 9, 14, 10, 0), NOW - timedelta(days=3), offset=100)
    store = ClosureStore(db, fresh_city)
    assert [a.start.time() for a in store.affected(EARLY, NOW)] == [time(10)] * 3
    added = store.add(EARLY, "staff:leitung", NOW)
    assert len(added.told.cancelled) == 3 and added.told.notices == 3
    with db.read() as s:
        statuses = {(r.slot_start.astimezone(BERLIN).hour, r.status)
                    for r in s.scalars(select(AppointmentRow))}  # fmt: skip
        texts = [r.payload["text"] for r in s.scalars(select(OutboxRow))]
    assert statuses == {(9, "booked"), (10, "cancelled_by_office")}
    german = "schließt an diesem Tag bereits um 10:00 Uhr: Personalversammlung."
    english = "closes at 10:00 on that day: staff meeting."
    assert all(german in text or english in text for text in texts)
    assert fresh_city.schedule.closures.closes_at(TUESDAY) == time(10)
    with pytest.raises(ValueError, match="has a closure already"):
        store.add(Closure(TUESDAY, {"de": "noch einmal"}), "staff:leitung", NOW)


def test_another_process_sees_a_stored_closure_on_its_next_look(db, fresh_city):
    ClosureStore(db, fresh_city).add(DAY, "staff:leitung", NOW)
    elsewhere = load_city(CONFIG)  # another worker's city, loaded before the closure
    other = ClosureStore(db, elsewhere)
    assert elsewhere.schedule.day(DAY.day) != []
    assert other.refresh() is True
    assert elsewhere.schedule.day(DAY.day) == []
    assert other.refresh() is False  # nothing new: the schedule's caches stay


def test_the_command_line_schedule_knows_the_stored_closures(db, monkeypatch, capsys):
    """`buergerbot schedule ...` over the settings' database says what the bot says."""
    ClosureStore(db, load_city(CONFIG)).add(DAY, "staff:leitung", NOW)
    monkeypatch.setenv("DATABASE_URL", db.url)
    monkeypatch.setenv("BUERGERBOT_CONFIG", str(CONFIG))
    argv = ["schedule", "intervals", "--from", "2021-09-16", "--to", "2021-09-17"]
    assert main(argv) == 0
    days = {iv["start"][:10] for iv in json.loads(capsys.readouterr().out)}
    assert days == {"2021-09-16"}  # Friday 17th is closed
    assert main(["schedule", "export", "--format", "osm", "--all-versions"]) == 0
    assert '2021 Sep 17 off "Betriebsausflug"' in capsys.readouterr().out
    monkeypatch.setenv("DATABASE_URL", "sqlite:////nonexistent/nothing.db")
    assert main(argv) == 0  # a fresh install: nothing stored, the config's hours
    assert {iv["start"][:10] for iv in json.loads(capsys.readouterr().out)} == {
        "2021-09-16",
        "2021-09-17",
    }
