"""Schedule speed: a full year of `intervals` and 10,000 `state_at` calls (medians).

Each run gets a fresh Schedule (empty month and holiday caches), so "cold" includes expanding
the rrules; "warm" repeats the year on the schedule that has seen it, as a running bot does.
Last line: JSON. Target: a year of intervals in at most 50 ms.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from datetime import datetime, timedelta
from pathlib import Path

from app.config import load_city
from office.closures import Closures
from office.schedule import Schedule

ROOT = Path(__file__).resolve().parents[1]

RUNS = 7
CALLS = 10_000


def fresh(template: Schedule) -> Schedule:
    c = template.closures
    return Schedule(template.versions, template.tz, Closures(c.country, c.subdiv, c.extra))


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    template = load_city(ROOT / "config" / "brandenburg-havel.yaml").schedule
    tz = template.tz
    year = (datetime(2022, 1, 1, tzinfo=tz), datetime(2023, 1, 1, tzinfo=tz))
    first = datetime(2021, 8, 1, tzinfo=tz)
    span = int((datetime(2023, 1, 1, tzinfo=tz) - first).total_seconds())
    rng = random.Random(1)
    instants = [first + timedelta(seconds=rng.randrange(span)) for _ in range(CALLS)]

    cold, warm, states = [], [], []
    count = 0
    for _ in range(RUNS):
        schedule = fresh(template)
        cold.append(timed(lambda s=schedule: s.intervals(*year)))
        warm.append(timed(lambda s=schedule: s.intervals(*year)))
        count = len(schedule.intervals(*year))
        schedule = fresh(template)
        states.append(timed(lambda s=schedule: [s.state_at(t) for t in instants]))

    figures = {
        "year_intervals": count,
        "year_intervals_cold_ms": round(statistics.median(cold), 2),
        "year_intervals_warm_ms": round(statistics.median(warm), 2),
        "state_at_calls": CALLS,
        "state_at_total_ms": round(statistics.median(states), 1),
        "state_at_per_call_us": round(statistics.median(states) * 1000 / CALLS, 1),
        "runs": RUNS,
        "target_year_ms": 50,
    }
    print(
        f"a year of intervals ({count}): cold {figures['year_intervals_cold_ms']} ms, "
        f"warm {figures['year_intervals_warm_ms']} ms (median of {RUNS})"
    )
    print(
        f"{CALLS} state_at calls: {figures['state_at_total_ms']} ms "
        f"({figures['state_at_per_call_us']} µs each, median of {RUNS})"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
