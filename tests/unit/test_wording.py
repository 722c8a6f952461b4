"""Days and weeks in German and English words."""

from __future__ import annotations

from datetime import date

import pytest

from office.schedule import Kind, Schedule
from office.wording import describe_day, describe_week

SAT_RULE_DE = "geschlossen (geöffnet nur jeden 2. und 4. Samstag im Monat)"
SAT_RULE_EN = "closed (open only every 2nd and 4th Saturday of the month)"


@pytest.mark.parametrize(
    ("day", "lang", "text"),
    [
        (date(2021, 9, 15), "de", "Mittwoch, 15. September 2021: 09:00–11:30 Uhr mit Termin"),
        (date(2021, 9, 15), "en", "Wednesday, 15 September 2021: 09:00–11:30 by appointment"),
        (date(2021, 9, 25), "de", "Samstag, 25. September 2021: 08:00–12:00 Uhr mit Termin"),
        (
            date(2021, 9, 14),
            "de",
            "Dienstag, 14. September 2021: 09:00–11:30 Uhr mit Termin und "
            "14:00–18:00 Uhr ohne Termin",
        ),
        (
            date(2021, 9, 14),
            "en",
            "Tuesday, 14 September 2021: 09:00–11:30 by appointment and 14:00–18:00 walk-in",
        ),
        (
            date(2021, 8, 2),
            "de",
            "Montag, 2. August 2021: 09:00–11:30 Uhr mit Termin und 13:00–15:00 Uhr mit Termin; "
            "Notfall-Telefon 08:00–09:00 Uhr",
        ),
        (
            date(2021, 8, 6),
            "en",
            "Friday, 6 August 2021: 08:00–12:00 by appointment; emergency phone 08:00–09:00",
        ),
        (
            date(2022, 10, 3),
            "de",
            "Montag, 3. Oktober 2022: geschlossen – Tag der Deutschen Einheit",
        ),
        (date(2022, 10, 3), "en", "Monday, 3 October 2022: closed – German Unity Day"),
        (date(2022, 4, 15), "de", "Freitag, 15. April 2022: geschlossen – Karfreitag"),
        (date(2021, 10, 31), "de", "Sonntag, 31. Oktober 2021: geschlossen – Reformationstag"),
        (date(2021, 10, 31), "en", "Sunday, 31 October 2021: closed – Reformation Day"),
        (date(2021, 9, 19), "de", "Sonntag, 19. September 2021: geschlossen"),
    ],
)
def test_describe_day(schedule: Schedule, day: date, lang: str, text: str) -> None:
    assert describe_day(schedule, day, lang) == text


@pytest.mark.parametrize(
    ("day", "lang", "text"),
    [
        # 1st Saturday
        (
            date(2021, 9, 4),
            "de",
            f"Samstag, 4. September 2021: {SAT_RULE_DE}. "
            "Nächster offener Samstag: 11. September 2021",
        ),
        # 3rd Saturday
        (
            date(2021, 9, 18),
            "en",
            f"Saturday, 18 September 2021: {SAT_RULE_EN}. Next open Saturday: 25 September 2021",
        ),
        # 5th Saturday: the next open one is in the next month
        (
            date(2021, 10, 30),
            "de",
            f"Samstag, 30. Oktober 2021: {SAT_RULE_DE}. "
            "Nächster offener Samstag: 13. November 2021",
        ),
        # a 4th Saturday on a holiday: named, and pointed past
        (
            date(2021, 12, 25),
            "de",
            "Samstag, 25. Dezember 2021: geschlossen – Erster Weihnachtstag. "
            "Nächster offener Samstag: 8. Januar 2022",
        ),
        (
            date(2021, 12, 25),
            "en",
            "Saturday, 25 December 2021: closed – Christmas Day. "
            "Next open Saturday: 8 January 2022",
        ),
        # 1st Saturday of 2022 is New Year's Day
        (
            date(2022, 1, 1),
            "de",
            "Samstag, 1. Januar 2022: geschlossen – Neujahr. "
            "Nächster offener Samstag: 8. Januar 2022",
        ),
    ],
)
def test_closed_saturdays_point_at_the_next_open_one(
    schedule: Schedule, day: date, lang: str, text: str
) -> None:
    assert describe_day(schedule, day, lang) == text


def test_a_day_before_any_published_hours(schedule: Schedule) -> None:
    assert describe_day(schedule, date(2021, 7, 1), "de") == (
        "Donnerstag, 1. Juli 2021: Für diesen Tag sind noch keine Öffnungszeiten veröffentlicht."
    )


def test_only_one_kind(schedule: Schedule) -> None:
    assert describe_day(schedule, date(2021, 9, 14), "de", Kind.WALK_IN) == (
        "Dienstag, 14. September 2021: 14:00–18:00 Uhr ohne Termin"
    )
    assert describe_day(schedule, date(2021, 9, 25), "de", Kind.WALK_IN) == (
        "Samstag, 25. September 2021: keine Sprechzeiten ohne Termin"
    )
    assert describe_day(schedule, date(2021, 8, 4), "en", Kind.EMERGENCY_PHONE) == (
        "Wednesday, 4 August 2021: emergency phone 08:00–09:00"
    )
    assert describe_day(schedule, date(2021, 9, 6), "de", Kind.EMERGENCY_PHONE) == (
        "Montag, 6. September 2021: kein Notfall-Telefon"
    )
    assert describe_day(schedule, date(2021, 9, 18), "de", Kind.APPOINTMENT) == (
        f"Samstag, 18. September 2021: {SAT_RULE_DE}. Nächster offener Samstag: 25. September 2021"
    )


def test_unknown_language_falls_back_to_german(schedule: Schedule) -> None:
    assert describe_day(schedule, date(2021, 9, 15), "fr").startswith("Mittwoch, 15. September")


def test_describe_week_of_german_unity_day_2022(schedule: Schedule) -> None:
    assert describe_week(schedule, date(2022, 10, 5), "de") == [
        "Montag, 3. Oktober 2022: geschlossen – Tag der Deutschen Einheit",
        "Dienstag, 4. Oktober 2022: 09:00–11:30 Uhr mit Termin und 14:00–18:00 Uhr ohne Termin",
        "Mittwoch, 5. Oktober 2022: 09:00–11:30 Uhr mit Termin",
        "Donnerstag, 6. Oktober 2022: 09:00–11:30 Uhr ohne Termin und 13:00–15:00 Uhr ohne Termin",
        "Freitag, 7. Oktober 2022: 08:00–12:00 Uhr mit Termin",
        "Samstag, 8. Oktober 2022: 08:00–12:00 Uhr mit Termin",
    ]


def test_describe_week_in_english_starts_on_monday(schedule: Schedule) -> None:
    week = describe_week(schedule, date(2021, 8, 29), "en")  # a Sunday: its week began the 23rd
    assert len(week) == 6
    assert week[0].startswith("Monday, 23 August 2021: 09:00–11:30 by appointment")
    assert week[5] == "Saturday, 28 August 2021: 08:00–12:00 by appointment"
