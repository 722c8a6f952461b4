"""The staff console's costs: a sign-in (argon2 with the library's default parameters), the day
list of a full day, a cutover dry run and the report page.

    .venv/bin/python -P bench/console.py --day 120 --cutover 5000

A fresh SQLite file (or --database URL) with `--day` appointments on Monday 13 September 2021
(120 fill its 3 seats from 08:00 to 18:00) and `--cutover` more from 1 October, all cancelled by
a cutover from that day; each figure is the median of `--repeat` requests through the ASGI app (no
network). Last line JSON: {"sign_in_ms", "day_list_ms", "dry_run_ms", "report_ms"}.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from starlette.applications import Starlette  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from app.config import load_city  # noqa: E402
from app.services import build_services  # noqa: E402
from bot.console.app import Console, console_mount  # noqa: E402
from storage.db import open_database  # noqa: E402
from storage.staff import StaffAccounts  # noqa: E402
from tests.console.conftest import NOW, PASSWORD, Clock, csrf_of, login_csrf  # noqa: E402
from tests.outreach.population import populate  # noqa: E402
from tests.storage.support import berlin  # noqa: E402


def median_ms(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--day", type=int, default=120, help="appointments on the listed day")
    parser.add_argument("--cutover", type=int, default=5000, help="appointments after it")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--database", help="a database URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    if not 0 < args.day <= 120:
        parser.error("--day is 1 to 120 (one day's seats)")

    url = args.database or f"sqlite:///{tempfile.mkdtemp()}/console.db"
    db = open_database(url)
    db.upgrade()
    city = load_city(ROOT / "config" / "brandenburg-havel.yaml")
    accounts = StaffAccounts(db)  # the real argon2 parameters
    accounts.add("leitung", "supervisor", PASSWORD, NOW)
    populate(db, args.day, berlin(2021, 9, 13, 8, 0), NOW - timedelta(days=5))
    populate(db, args.cutover, berlin(2021, 10, 1, 8, 0), NOW - timedelta(days=5), offset=10**6)
    services = replace(build_services(db=db, city=city), accounts=accounts)
    app = Starlette(routes=[console_mount(Console(services, Clock()))])
    client = TestClient(app, base_url="https://bench")

    def sign_in() -> None:
        form = {"csrf": login_csrf(client), "name": "leitung", "password": PASSWORD}
        assert client.post("/staff/login", data=form, follow_redirects=False).status_code == 303

    def get(path: str):
        return lambda: client.get(path).raise_for_status()

    figures = {
        "sign_in_ms": median_ms(sign_in, args.repeat),
        "day_list_ms": median_ms(get("/staff/day?date=2021-09-13"), args.repeat),
        "dry_run_ms": median_ms(get("/staff/cutover?from=2021-10-01"), args.repeat),
    }
    client.post("/staff/cutover", data={"csrf": csrf_of(client), "from": "2021-10-01"})
    figures["report_ms"] = median_ms(get("/staff/report/cutover:2021-10-01"), args.repeat)
    print(f"{args.day} appointments on the day, {args.cutover} in the cutover ({url})")
    for name, value in figures.items():
        print(f"{name:>12}: {value} ms (median of {args.repeat})")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
