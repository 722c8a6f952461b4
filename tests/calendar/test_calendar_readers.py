"""Our .ics files read by the calendar engines of other people's apps, not by our own parser.

ical.js (Thunderbird, Nextcloud; npm, run by node from tests/calendar) and vobject (Python, its
own VTIMEZONE reader) expand the hours feed; every occurrence from 2021 to 2030 must equal what
`buergerbot schedule intervals` prints. Both read an appointment's file with the right instant,
the alarm and the office's address. `make test` installs ical.js with `npm ci`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import vobject

from office.booking import Appointment
from office.city import City
from office.ics import appointment_ics
from office.lifecycle import Status

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
FIRST, LAST = date(2021, 1, 1), date(2030, 12, 31)
NOW = "2021-08-01T12:00:00+02:00"  # the feed as served on the first day of the schedule


def ms(d: datetime) -> int:
    return round(d.timestamp() * 1000)


def cli(*argv: str) -> str:
    env = {**os.environ, "BUERGERBOT_CONFIG": str(ROOT / "config" / "brandenburg-havel.yaml")}
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", *argv],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    return done.stdout


@pytest.fixture(scope="module")
def feed() -> str:
    return cli("schedule", "export", "--format", "ics", "--now", NOW)


@pytest.fixture(scope="module")
def intervals() -> list[tuple[int, int]]:
    """From the command line, in two calls (it answers at most five years at a time)."""
    found = []
    for a, b in (("2021-01-01", "2025-12-31"), ("2026-01-01", "2030-12-31")):
        out = cli("schedule", "intervals", "--from", a, "--to", b, "--json")
        found += [
            (ms(datetime.fromisoformat(i["start"])), ms(datetime.fromisoformat(i["end"])))
            for i in json.loads(out)
        ]
    return sorted(found)


def ical_js(ics: str, first: date, last: date) -> list[dict]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("LOUD SKIP: node is not installed; the ical.js reader did not run")
    if not (HERE / "node_modules" / "ical.js").is_dir():
        pytest.skip("LOUD SKIP: tests/calendar/node_modules is missing (run `make test`)")
    job = {
        "ics": ics,
        "from": ms(datetime.combine(first, datetime.min.time(), UTC) - timedelta(days=1)),
        "to": ms(datetime.combine(last, datetime.min.time(), UTC) + timedelta(days=2)),
    }
    done = subprocess.run(
        [node, str(HERE / "read.mjs")],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        cwd=HERE,
        env={**os.environ, "TZ": "UTC"},  # the file's VTIMEZONE must do the work, not the machine
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout)["events"]


def vobject_events(ics: str):
    return vobject.readOne(ics).vevent_list


def in_range(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    lo = ms(datetime(FIRST.year, 1, 1, tzinfo=UTC) - timedelta(hours=2))
    hi = ms(datetime(LAST.year + 1, 1, 1, tzinfo=UTC) - timedelta(hours=2))
    return sorted(p for p in pairs if lo <= p[0] < hi)


def test_ical_js_expands_the_feed_to_our_intervals(feed: str, intervals) -> None:
    events = ical_js(feed, FIRST, LAST)
    found = in_range([tuple(o) for e in events for o in e["occurrences"]])
    assert len(found) == len(intervals) > 4000
    assert found == intervals


def test_vobject_expands_the_feed_to_our_intervals(feed: str, intervals) -> None:
    found = []
    lo = datetime(2020, 12, 31, tzinfo=UTC)
    hi = datetime(2031, 1, 2, tzinfo=UTC)
    for event in vobject_events(feed):
        length = event.dtend.value - event.dtstart.value
        found += [(ms(o), ms(o + length)) for o in event.getrruleset(True).between(lo, hi)]
    assert in_range(found) == intervals


def test_the_feed_states_its_zone_as_yearly_rules(feed: str) -> None:
    zone = feed[feed.index("BEGIN:VTIMEZONE") : feed.index("END:VTIMEZONE")]
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in zone
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in zone
    assert "RDATE" not in zone


@pytest.mark.parametrize(
    "start",
    [
        datetime(2021, 11, 2, 9, 0),  # winter time
        datetime(2027, 7, 6, 9, 15),  # summer time, years after the file's first zone change
    ],
)
def test_an_appointment_read_by_both(city: City, start: datetime) -> None:
    begin = start.replace(tzinfo=city.tz)
    appointment = Appointment(
        code="BB-7K3QX",
        service_id="reisepass",
        start=begin,
        end=begin + timedelta(minutes=15),
        seat=1,
        status=Status.BOOKED,
    )
    url = "https://bb.example/absagen/tok"
    ics = appointment_ics(city, appointment, "de", datetime(2021, 10, 1, tzinfo=UTC), url)
    address = "Nicolaiplatz 30, 14770 Brandenburg an der Havel"

    (js,) = ical_js(ics, begin.date() - timedelta(days=2), begin.date() + timedelta(days=2))
    assert js["occurrences"] == [[ms(begin), ms(begin + timedelta(minutes=15))]]
    assert js["alarms"] == [-86400]
    assert address in js["location"]
    assert js["url"] == url

    (event,) = vobject_events(ics)
    assert event.dtstart.value == begin and event.dtstart.value.utcoffset() == begin.utcoffset()
    assert event.dtend.value - event.dtstart.value == timedelta(minutes=15)
    (alarm,) = event.valarm_list
    assert alarm.trigger.value == -timedelta(days=1)
    assert address in event.location.value


def test_the_served_feed_is_the_exported_one_and_revalidates(city: City, feed: str) -> None:
    from starlette.testclient import TestClient

    from bot.web import create_app

    class NoEngine:
        async def handle(self, turn):
            raise AssertionError("the feed needs no engine")

    now = datetime.fromisoformat(NOW)
    with TestClient(create_app(NoEngine(), city=city, clock=lambda: now)) as http:
        r = http.get("/hours.ics")
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar")
        assert r.text.replace("\r\n", "\n") == feed.replace("\r\n", "\n")
        again = http.get("/hours.ics", headers={"If-None-Match": r.headers["etag"]})
        assert again.status_code == 304 and again.content == b""
        english = http.get("/hours.ics?lang=en")
        assert "Citizens' Service Office" in english.text
