"""Dates, times and parts of the day, German and English, against a fixed `now`."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from nlu.dates import extract
from nlu.interpreter import BERLIN

MONDAY = date(2021, 9, 13)
SATURDAY = date(2021, 9, 18)
SUNDAY = date(2021, 9, 19)
MONTH_END = date(2021, 8, 31)  # a Tuesday
YEAR_END = date(2021, 12, 30)  # a Thursday
LEAP = date(2024, 2, 28)  # a Wednesday


def values(text: str, today: date, entity: str) -> list[str]:
    return [e["value"] for e in extract(text.lower(), today) if e["entity"] == entity]


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("heute", MONDAY, "2021-09-13"),
        ("morgen", MONDAY, "2021-09-14"),
        ("übermorgen", MONDAY, "2021-09-15"),
        ("uebermorgen", MONDAY, "2021-09-15"),
        ("am Montag", MONDAY, "2021-09-20"),  # said on a Monday: next week's
        ("am Freitag", MONDAY, "2021-09-17"),
        ("Freitag", MONDAY, "2021-09-17"),
        ("am Sonnabend", MONDAY, "2021-09-18"),
        ("nächsten Freitag", MONDAY, "2021-09-17"),  # tomorrow or the day after: unclear
        ("naechsten freitag", MONDAY, "2021-09-17"),
        ("kommenden Mittwoch", MONDAY, "2021-09-15"),
        ("übernächsten Freitag", MONDAY, "2021-09-24"),
        ("Mittwoch nächste Woche", MONDAY, "2021-09-22"),
        ("nächste Woche Mittwoch", MONDAY, "2021-09-22"),
        ("diesen Samstag", MONDAY, "2021-09-18"),
        ("diesen Samstag", SATURDAY, "2021-09-18"),  # today
        ("am Samstag", SATURDAY, "2021-09-25"),
        ("in zwei Wochen", MONDAY, "2021-09-27"),
        ("in 3 Tagen", MONDAY, "2021-09-16"),
        ("in einer Woche", MONDAY, "2021-09-20"),
        ("in einem Monat", MONTH_END, "2021-09-30"),
        ("15.9.", MONDAY, "2021-09-15"),
        ("15.09.", MONDAY, "2021-09-15"),
        ("am 15.9", MONDAY, "2021-09-15"),
        ("15.09.2021", MONDAY, "2021-09-15"),
        ("15.9.21", MONDAY, "2021-09-15"),
        ("2021-09-15", MONDAY, "2021-09-15"),
        ("15. September", MONDAY, "2021-09-15"),
        ("15. Sept.", MONDAY, "2021-09-15"),
        ("am 1. Oktober 2021", MONDAY, "2021-10-01"),
        ("10.9.", MONTH_END, "2021-09-10"),
        ("10.6.", MONDAY, "2022-06-10"),  # passed long ago: next year's
        ("am 20.", MONDAY, "2021-09-20"),
        ("am 2.", MONDAY, "2021-10-02"),
        ("Ende der Woche", MONDAY, "2021-09-17"),
        ("Ende der Woche", SATURDAY, "2021-09-24"),
        ("Ende nächster Woche", MONDAY, "2021-09-24"),
        ("Anfang nächster Woche", MONDAY, "2021-09-20"),
        ("nächste Woche", MONDAY, "2021-09-20"),
        ("diese Woche", MONDAY, "2021-09-13"),
        ("am Wochenende", MONDAY, "2021-09-18"),
        ("Monatsende", MONDAY, "2021-09-30"),
        ("am Fr. 17.9.", MONDAY, "2021-09-17"),
        ("am Mo.", MONDAY, "2021-09-20"),
        ("am Mi um 10", MONDAY, "2021-09-15"),
        ("bis Sa, dann", MONDAY, "2021-09-18"),
        # around the end of a month
        ("morgen", MONTH_END, "2021-09-01"),
        ("am 1.", MONTH_END, "2021-09-01"),
        ("Ende der Woche", MONTH_END, "2021-09-03"),
        ("nächsten Montag", MONTH_END, "2021-09-06"),
        # around the end of the year
        ("morgen", YEAR_END, "2021-12-31"),
        ("übermorgen", YEAR_END, "2022-01-01"),
        ("nächsten Montag", YEAR_END, "2022-01-03"),
        ("3.1.", YEAR_END, "2022-01-03"),
        ("15. Januar", YEAR_END, "2022-01-15"),
        ("in zwei Wochen", YEAR_END, "2022-01-13"),
        ("Ende der Woche", YEAR_END, "2021-12-31"),
        ("am 2.", YEAR_END, "2022-01-02"),
        ("nächste Woche", YEAR_END, "2022-01-03"),
        # leap years
        ("übermorgen", LEAP, "2024-03-01"),
        ("29.2.", LEAP, "2024-02-29"),
        ("29.2.", MONDAY, "2024-02-29"),
        # English
        ("today", MONDAY, "2021-09-13"),
        ("tomorrow", MONDAY, "2021-09-14"),
        ("the day after tomorrow", MONDAY, "2021-09-15"),
        ("on Monday", MONDAY, "2021-09-20"),
        ("next Thursday", MONDAY, "2021-09-16"),
        ("on Saturday", MONDAY, "2021-09-18"),
        ("this Saturday", MONDAY, "2021-09-18"),
        ("in two weeks", MONDAY, "2021-09-27"),
        ("15 September", MONDAY, "2021-09-15"),
        ("September 15th", MONDAY, "2021-09-15"),
        ("the 15th of September", MONDAY, "2021-09-15"),
        ("on the 20th", MONDAY, "2021-09-20"),
        ("15/09/2021", MONDAY, "2021-09-15"),
        ("9/15", MONDAY, "2021-09-15"),
        ("end of the week", MONDAY, "2021-09-17"),
        ("next week", YEAR_END, "2022-01-03"),
        ("tomorrow", YEAR_END, "2021-12-31"),
        ("January 3", YEAR_END, "2022-01-03"),
    ],
)
def test_dates(text, today, expected):
    assert values(text, today, "date") == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("um 10", "10:00"),
        ("um 10 Uhr", "10:00"),
        ("10:30", "10:30"),
        ("um 10.30", "10:30"),
        ("14.30 Uhr", "14:30"),
        ("14 Uhr 30", "14:30"),
        ("halb elf", "10:30"),
        ("um halb 3", "14:30"),  # office talk: half past two in the afternoon
        ("viertel nach neun", "09:15"),
        ("viertel vor zehn", "09:45"),
        ("viertel zehn", "09:15"),  # Brandenburg's 'viertel zehn'
        ("dreiviertel zehn", "09:45"),
        ("fünf vor halb zehn", "09:25"),
        ("zehn nach neun", "09:10"),
        ("gegen neun", "09:00"),
        ("so gegen halb zehn", "09:30"),
        ("um 8", "08:00"),
        ("um 3", "15:00"),
        ("zehn Uhr", "10:00"),
        ("kurz nach zehn", "10:05"),
        ("at 10", "10:00"),
        ("at 10:30", "10:30"),
        ("half past nine", "09:30"),
        ("quarter past nine", "09:15"),
        ("quarter to ten", "09:45"),
        ("10am", "10:00"),
        ("3 pm", "15:00"),
        ("3:30pm", "15:30"),
        ("around nine", "09:00"),
        ("ten o'clock", "10:00"),
        ("at noon", "12:00"),
        ("bis so gegen 10 Uhr", "10:00"),
    ],
)
def test_times(text, expected):
    assert values(text, MONDAY, "time") == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bis 12", [("12:00", "before")]),
        ("ab 14 Uhr", [("14:00", "after")]),
        ("nicht vor 9", [("09:00", "after")]),
        ("not before 10", [("10:00", "after")]),
        ("zwischen 12 und 13 Uhr", [("12:00", "after"), ("13:00", "before")]),
        ("von 8:30 bis 10", [("08:30", "after"), ("10:00", "before")]),
        ("9-11 Uhr", [("09:00", "after"), ("11:00", "before")]),
        ("between 2 and 4pm", [("14:00", "after"), ("16:00", "before")]),
    ],
)
def test_time_bounds(text, expected):
    found = [e for e in extract(text.lower(), MONDAY) if e["entity"] == "time"]
    assert [(e["value"], e["additional_info"]["bound"]) for e in found] == expected


def test_approximate_times_say_so():
    (e,) = extract("so gegen halb zehn", MONDAY)
    assert e["additional_info"] == {"approximate": True}
    (e,) = extract("um halb zehn", MONDAY)
    assert "additional_info" not in e


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vormittags", "morning"),
        ("am Vormittag", "morning"),
        ("morgens", "morning"),
        ("nachmittags", "afternoon"),
        ("am Nachmittag", "afternoon"),
        ("abends", "evening"),
        ("mittags", "noon"),
        ("in the morning", "morning"),
        ("in the afternoon", "afternoon"),
    ],
)
def test_parts_of_day(text, expected):
    assert values(text, MONDAY, "part_of_day") == [expected]


@pytest.mark.parametrize(
    ("text", "date_", "part"),
    [
        ("morgen früh", "2021-09-14", "morning"),
        ("morgen Nachmittag", "2021-09-14", "afternoon"),
        ("heute Morgen", "2021-09-13", "morning"),
        ("heute Abend", "2021-09-13", "evening"),
        ("tomorrow morning", "2021-09-14", "morning"),
        ("tonight", "2021-09-13", "evening"),
    ],
)
def test_day_with_part_of_day(text, date_, part):
    assert values(text, MONDAY, "date") == [date_]
    assert values(text, MONDAY, "part_of_day") == [part]


def test_whole_sentences_keep_offsets():
    text = "Termin für Ummeldung kommenden Mittwoch so gegen halb zehn"
    found = extract(text.lower(), MONDAY)
    assert [(text[e["start"] : e["end"]], e["entity"], e["value"]) for e in found] == [
        ("kommenden Mittwoch", "date", "2021-09-15"),
        ("so gegen halb zehn", "time", "09:30"),
    ]
    assert all(e["extractor"] == "DateGrammar" for e in found)


def test_week_expressions_carry_their_range():
    (e,) = extract("nächste woche", MONDAY)
    assert e["additional_info"] == {"grain": "week", "from": "2021-09-20", "to": "2021-09-26"}


@pytest.mark.parametrize(
    "text",
    [
        "Guten Morgen",
        "good morning",
        "Guten Abend",
        "am 31.2.",  # no such day
        "um 25 Uhr",
        "hab meinen perso verloren, was nu?",
        "Ich bin 10 am Stück gelaufen",
        "Version 2.0.1",
        "Tel. 0176 12345678",
        "am so und so vielten",
        "vor 2 Wochen",
        "um 10 Personen",
        "1-3",
        "was mache ich, wenn ich das nicht tun kann?",
    ],
)
def test_no_false_dates(text):
    assert [e for e in extract(text.lower(), MONDAY) if e["entity"] in ("date", "time")] == []


def test_now_is_read_in_berlin_time(interpreter):
    late_utc = datetime(2021, 9, 13, 22, 30, tzinfo=UTC)  # already the 14th in Berlin
    result = interpreter.parse("heute", late_utc)
    assert [e["value"] for e in result["entities"]] == ["2021-09-14"]
    naive = datetime(2021, 9, 13, 23, 30)  # naive means Berlin time
    assert interpreter.parse("heute", naive)["entities"][0]["value"] == "2021-09-13"
    assert BERLIN.key == "Europe/Berlin"
