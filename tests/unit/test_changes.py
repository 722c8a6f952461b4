"""What changes between two versions of the hours, in words."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

from office.changes import changes
from office.schedule import Kind, Period, Schedule, Version

W, A, P = Kind.WALK_IN, Kind.APPOINTMENT, Kind.EMERGENCY_PHONE


def version(*periods: Period) -> Version:
    return Version("v", date(2030, 1, 1), None, periods)


def test_from_august_to_september_2021_in_german(schedule: Schedule) -> None:
    august, september = schedule.versions
    assert changes(august, september, "de") == [
        "Montag: 09:00–11:30 Uhr jetzt ohne Termin (bisher mit Termin)",
        "Montag und Donnerstag: 13:00–15:00 Uhr jetzt ohne Termin (bisher mit Termin)",
        "Dienstag: 14:00–18:00 Uhr jetzt ohne Termin (bisher mit Termin)",
        "Donnerstag: jetzt 09:00–11:30 Uhr ohne Termin (bisher 08:00–11:30 Uhr mit Termin)",
        "Montag–Freitag: Notfall-Telefon 08:00–09:00 Uhr entfällt",
    ]


def test_from_august_to_september_2021_in_english(schedule: Schedule) -> None:
    august, september = schedule.versions
    assert changes(august, september, "en") == [
        "Monday: 09:00–11:30 now walk-in (was by appointment)",
        "Monday and Thursday: 13:00–15:00 now walk-in (was by appointment)",
        "Tuesday: 14:00–18:00 now walk-in (was by appointment)",
        "Thursday: now 09:00–11:30 walk-in (was 08:00–11:30 by appointment)",
        "Monday–Friday: emergency phone 08:00–09:00 no longer offered",
    ]


def test_no_change(schedule: Schedule) -> None:
    september = schedule.versions[1]
    assert changes(september, replace(september, name="copy"), "de") == []


def test_new_days_new_times_and_dropped_hours() -> None:
    old = version(
        Period((0, 1, 2), time(9), time(12), A),
        Period((5,), time(8), time(12), A, nth=(2, 4)),
    )
    new = version(
        Period((0, 1, 2), time(9), time(12), A),
        Period((3, 4), time(14), time(18), W),
        Period((5,), time(9), time(12), A, nth=(2, 4)),
        Period((0,), time(8), time(9), P),
    )
    assert changes(old, new, "de") == [
        "Donnerstag und Freitag: neu 14:00–18:00 Uhr ohne Termin",
        "Jeden 2. und 4. Samstag im Monat: "
        "jetzt 09:00–12:00 Uhr mit Termin (bisher 08:00–12:00 Uhr)",
        "Montag: neu Notfall-Telefon 08:00–09:00 Uhr",
    ]
    assert changes(new, old, "en") == [
        "Thursday and Friday: 14:00–18:00 walk-in no longer offered",
        "Every 2nd and 4th Saturday of the month: now 08:00–12:00 by appointment (was 09:00–12:00)",
        "Monday: emergency phone 08:00–09:00 no longer offered",
    ]


def test_merged_hours_name_all_they_replace() -> None:
    old = version(Period((2,), time(9), time(11), W), Period((2,), time(13), time(15), A))
    new = version(Period((2,), time(9), time(15), A))
    assert changes(old, new, "de") == [
        "Mittwoch: jetzt 09:00–15:00 Uhr mit Termin "
        "(bisher 09:00–11:00 Uhr ohne Termin und 13:00–15:00 Uhr mit Termin)"
    ]
