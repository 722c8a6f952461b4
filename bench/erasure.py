"""One person's erasure among many: how long the dry run and the erasure take when the chats
table is full (erasure scans conversation states for the person's contact) and how long the
scheduled purge takes over the same data.

    .venv/bin/python bench/erasure.py --backend postgres --people 2000 --chats 20000

Seeds `people` bookings (one chat each) and `chats` further conversations with form data, then
erases `--erase` people one by one. Prints medians and, as the last line, JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.config import load_city  # noqa: E402
from office.booking import Booked  # noqa: E402
from storage.booking import BookingService  # noqa: E402
from storage.conversations import ConversationStore  # noqa: E402
from storage.db import Database, open_database  # noqa: E402
from storage.erasure import Erasure, Request  # noqa: E402

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2021, 9, 13, 8, 0, tzinfo=BERLIN)
PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def run(db: Database, people: int, chats: int, erase: int) -> dict[str, float | int | str]:
    city = load_city(ROOT / "config" / "brandenburg-havel.yaml")
    svc = BookingService(db, city)
    starts = [s.start for s in svc.free_slots("personalausweis", NOW, limit=people)]
    booked = 0
    for i in range(people):
        outcome = svc.book(starts[i % len(starts)], "personalausweis", f"Person {i}",
                           email=f"p{i}@example.org", sender=f"web:p{i}", now=NOW)  # fmt: skip
        booked += isinstance(outcome, Booked)
    store = ConversationStore(db)
    for i in range(chats):
        state = {"form": "booking_form", "slots": {"name": f"Gast {i}", "contact": f"g{i}@x.de"}}
        store.save(f"web:g{i}", state, NOW)
    erasure = Erasure(db, city, svc.lifecycle)
    dry, done = [], []
    for i in range(erase):
        request = Request(email=f"p{i}@example.org")
        t0 = time.perf_counter()
        erasure.dry_run(request, NOW)
        t1 = time.perf_counter()
        erasure.erase(request, "bench", NOW)
        done.append(time.perf_counter() - t1)
        dry.append(t1 - t0)
    t0 = time.perf_counter()
    report = svc.retention.purge(NOW + timedelta(hours=1))
    purge = time.perf_counter() - t0
    return {
        "backend": db.engine.dialect.name,
        "people": people,
        "booked": booked,
        "chats": chats,
        "dry_run_median_s": round(statistics.median(dry), 4),
        "erase_median_s": round(statistics.median(done), 4),
        "purge_s": round(purge, 3),
        "forms_dropped": report.forms_dropped,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--url", default=PG, help="PostgreSQL server (a scratch schema is used)")
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--chats", type=int, default=10_000)
    parser.add_argument("--erase", type=int, default=20)
    args = parser.parse_args()
    if args.backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            db = open_database(f"sqlite:///{tmp}/bench.db")
            db.upgrade()
            result = run(db, args.people, args.chats, args.erase)
            db.dispose()
    else:
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        admin = sa.create_engine(args.url, poolclass=sa.pool.NullPool)
        with admin.begin() as c:
            c.exec_driver_sql(f"CREATE SCHEMA {schema}")
        try:
            db = open_database(f"{args.url}?options=-csearch_path%3D{schema}")
            db.upgrade()
            result = run(db, args.people, args.chats, args.erase)
            db.dispose()
        finally:
            with admin.begin() as c:
                c.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    r = result
    print(
        f"dry run: median {r['dry_run_median_s']} s, erasure: median {r['erase_median_s']} s, "
        f"with {r['chats']} chats and {r['booked']} bookings; purge {r['purge_s']} s "
        f"({r['forms_dropped']} forms dropped)"
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
