"""Differential test: our OSM export, read by opening_hours.js, against our own `intervals`.

opening_hours.js (npm, run by node) is an independent implementation of the OSM opening_hours
grammar and of Brandenburg's public holidays. One node process evaluates every instant of a
batch (tests/oracle/evaluate.js, JSON in and out). `make test` installs it with `npm ci`; without
node or the package the test is skipped with the reason.
"""

from __future__ import annotations

import bisect
import json
import os
import random
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from office.closures import Closures
from office.osm import MAX_TAG, current_tags, osm_hours
from office.schedule import Kind, Period, Schedule, Version
from office.texts import t

HERE = Path(__file__).resolve().parent
BERLIN = ZoneInfo("Europe/Berlin")
NOMINATIM = {"lat": 52.41, "lon": 12.55, "address": {"country_code": "de", "state": "Brandenburg"}}
RANDOM_INSTANTS = 10_000
SEED = 20210901


@dataclass(frozen=True)
class Evaluation:
    """What opening_hours.js says about every instant, per kind, and its open intervals."""

    instants: list[int]  # epoch ms
    open: dict[Kind, list[bool]]
    intervals: list[tuple[int, int, Kind]]
    warnings: list[str]


def ms(t: datetime) -> int:
    return round(t.timestamp() * 1000)


def evaluate(schedule: Schedule, start: datetime, end: datetime, count: int) -> Evaluation:
    """Our strings evaluated by the oracle at `count` seeded random instants plus every interval
    boundary (start, end and the millisecond before each)."""
    if shutil.which("node") is None:
        pytest.skip("LOUD SKIP: node is not installed; the opening_hours.js oracle did not run")
    if not (HERE / "node_modules" / "opening_hours").is_dir():
        pytest.skip(
            "LOUD SKIP: tests/oracle/node_modules is missing (run `make test`, which runs npm ci); "
            "the opening_hours.js oracle did not run"
        )
    rng = random.Random(SEED)
    instants = [rng.randrange(ms(start), ms(end)) for _ in range(count)]
    for iv in schedule.intervals(start, end):
        instants += [ms(iv.start) - 1, ms(iv.start), ms(iv.end) - 1, ms(iv.end)]
    hours = osm_hours(schedule)
    strings = [s for h in hours for s in (h.office, h.phone) if s]
    results = run_oracle(strings, instants, start, end)
    assert not any(any(r["unknown"]) for r in results), "an instant evaluated as unknown"
    label = {t("de", f"kind.{k.value}"): k for k in Kind}
    is_open = {k: [False] * len(instants) for k in Kind}
    intervals = []
    for result in results:
        for i, (state, comment) in enumerate(zip(result["open"], result["comment"], strict=True)):
            if state:
                is_open[label[comment]][i] = True
        intervals += [(a, b, label[c]) for a, b, c in result["intervals"]]
    warnings = [w for r in results for w in r["warnings"] if "in the past" not in w]
    return Evaluation(instants, is_open, sorted(intervals), warnings)


def run_oracle(
    strings: list[str], instants: list[int], start: datetime, end: datetime
) -> list[dict]:
    """opening_hours.js's verdict on each string: state at `instants`, intervals, warnings."""
    job = {"nominatim": NOMINATIM, "strings": strings, "instants": instants}
    job |= {"from": ms(start), "to": ms(end)}
    done = subprocess.run(
        ["node", str(HERE / "evaluate.js")],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        cwd=HERE,
        env={**os.environ, "TZ": "Europe/Berlin"},
        timeout=300,
        check=True,
    )
    return json.loads(done.stdout)["results"]


def ours(schedule: Schedule, start: datetime, end: datetime, instants: list[int]):
    """Which kinds our `intervals` say are open at each instant (by bisection, not state_at)."""
    found = {k: [] for k in Kind}
    for iv in schedule.intervals(start, end):
        found[iv.kind].append((ms(iv.start), ms(iv.end)))
    result = {}
    for kind, spans in found.items():
        starts = [a for a, _ in spans]
        result[kind] = []
        for x in instants:
            i = bisect.bisect_right(starts, x) - 1
            result[kind].append(i >= 0 and spans[i][0] <= x < spans[i][1])
    return result


def assert_agree(schedule: Schedule, start: datetime, end: datetime, count: int) -> None:
    oracle = evaluate(schedule, start, end, count)
    assert oracle.warnings == []
    mine = ours(schedule, start, end, oracle.instants)
    for kind in Kind:
        disagree = [
            datetime.fromtimestamp(x / 1000, BERLIN).isoformat()
            for x, a, b in zip(oracle.instants, mine[kind], oracle.open[kind], strict=True)
            if a != b
        ]
        assert disagree == [], f"{kind}: {len(disagree)} instants differ, e.g. {disagree[:5]}"
    expected = [(ms(iv.start), ms(iv.end), iv.kind) for iv in schedule.intervals(start, end)]
    # opening_hours.js clips intervals to the range; ours are whole, and none straddle it here.
    assert oracle.intervals == expected


def test_reference_city_agrees_with_opening_hours_js(schedule: Schedule) -> None:
    start = datetime(2021, 8, 1, tzinfo=BERLIN)
    end = datetime(2023, 1, 1, tzinfo=BERLIN)
    assert_agree(schedule, start, end, RANDOM_INSTANTS)


def test_closures_last_weekdays_and_a_mid_year_start_agree() -> None:
    """Rules the reference city does not use: extra closures, `Sa[-1]`, a version that starts
    in July (so its `2030+` range is cut by an `off` rule), two weekday runs."""
    closures = Closures(
        "DE",
        "BB",
        {
            date(2030, 12, 23): {"de": "Betriebsausflug"},
            date(2031, 1, 2): {"de": "Inventur"},
            date(2030, 5, 20): {"de": "Umzug"},
        },
    )
    spring = Version(
        "spring",
        date(2030, 3, 15),
        date(2030, 6, 30),
        (
            Period((0, 1, 2, 4), time(9), time(12), Kind.WALK_IN),
            Period((3,), time(13), time(18, 30), Kind.APPOINTMENT),
            Period((0, 1, 2, 3, 4), time(7, 30), time(9), Kind.EMERGENCY_PHONE),
        ),
    )
    summer = Version(
        "summer",
        date(2030, 7, 1),
        None,
        (
            Period((0, 1, 3, 4), time(8), time(12), Kind.APPOINTMENT),
            Period((5,), time(9), time(13), Kind.WALK_IN, nth=(-1,)),
            Period((5,), time(9), time(11), Kind.APPOINTMENT, nth=(1,)),
        ),
    )
    schedule = Schedule((spring, summer), BERLIN, closures)
    start, end = datetime(2030, 1, 1, tzinfo=BERLIN), datetime(2032, 1, 1, tzinfo=BERLIN)
    assert_agree(schedule, start, end, 5_000)


def test_todays_tags_fit_osm_and_draw_no_warning(schedule: Schedule) -> None:
    """What goes on the map: within OSM's 255 characters, no warning at all (opening_hours.js
    judges 'in the past' by its own clock, so `today` is the real one here), and the same open
    intervals as ours for the next two years."""
    if shutil.which("node") is None or not (HERE / "node_modules" / "opening_hours").is_dir():
        pytest.skip("LOUD SKIP: node or tests/oracle/node_modules missing (run `make test`)")
    today = datetime.now(BERLIN).date()
    tags = current_tags(schedule, today)
    assert sorted(tags) == ["opening_hours"]  # the version in force has no phone window
    assert all(len(v) <= MAX_TAG for v in tags.values()), {k: len(v) for k, v in tags.items()}
    start = datetime.combine(today, time(), BERLIN)
    end = start.replace(year=start.year + 2)
    (result,) = run_oracle(list(tags.values()), [], start, end)
    assert result["warnings"] == []
    label = {t("de", f"kind.{k.value}"): k for k in Kind}
    found = [(a, b, label[c]) for a, b, c in result["intervals"]]
    expected = [
        (ms(iv.start), ms(iv.end), iv.kind)
        for iv in schedule.intervals(start, end)
        if iv.kind.at_office
    ]
    assert found == expected and len(found) > 400
