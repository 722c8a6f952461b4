"""Load: `buergerbot serve --workers 2` on PostgreSQL, 200 simulated citizens over REST.

    .venv/bin/python bench/load.py [--citizens 200] [--duration 60] [--workers 2]

The server gets a database of its own on the PostgreSQL at 127.0.0.1:5432 (dropped at the end).
Each citizen runs conversations back to back, each under a fresh sender and client address
(X-Forwarded-For from 127.0.0.1, which the server trusts), as real citizens come from many
addresses: asking the hours, or booking (service, day and slot from the buttons, name, e-mail,
the ALTCHA proof, "ja") and then, every other time, cancelling again. The server's CPU time
(every process of it, from /proc) over the load divided by the turns is `cpu_ms_per_turn`.
At the end the booking tables are checked (storage.consistency: no seat taken twice, nobody
over the limit, every appointment with all its seats). Last line: the figures as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import sqlalchemy as sa
from altcha import solve_challenge_v1

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.config import load_city  # noqa: E402
from storage.consistency import problems  # noqa: E402
from storage.db import open_database  # noqa: E402

APOLOGY = "technisches Problem"
PG = "postgresql+psycopg://{role}@127.0.0.1:5432/{db}"


class Stats:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.refused: dict[int, int] = {}
        self.apologies = 0
        self.dropped = 0  # connections the server closed (its request timeout) or refused
        self.booked = 0
        self.cancelled = 0
        self.conversations = 0


class Citizen:
    def __init__(self, client: httpx.AsyncClient, stats: Stats, rand: random.Random):
        self.client, self.stats, self.rand = client, stats, rand
        self.challenge: dict | None = None

    async def say(self, text: str) -> list[dict]:
        """One turn; like the widget, it sends the solution of the last challenge it got."""
        body = {"sender": self.sender, "message": text, "metadata": {"lang": "de"}}
        if self.challenge:
            body["metadata"]["altcha"] = await asyncio.to_thread(solve, self.challenge)
            self.challenge = None
        started = time.perf_counter()
        try:
            r = await self.client.post(
                "/webhooks/rest/webhook", json=body, headers={"X-Forwarded-For": self.ip}
            )
        except httpx.TransportError:
            self.stats.dropped += 1
            return []
        self.stats.latencies.append(time.perf_counter() - started)
        if r.status_code != 200:
            self.stats.refused[r.status_code] = self.stats.refused.get(r.status_code, 0) + 1
            return []
        messages = r.json()
        for m in messages:
            self.challenge = (m.get("custom") or {}).get("altcha") or self.challenge
        if any(APOLOGY in (m.get("text") or "") for m in messages):
            self.stats.apologies += 1
        return messages

    async def run(self, until: float) -> None:
        while time.monotonic() < until:
            self.sender, self.challenge = uuid.uuid4().hex[:16], None
            self.ip = "127." + ".".join(str(self.rand.randrange(1, 255)) for _ in range(3))
            if self.rand.random() < 0.4:
                await self.say("Wann haben Sie geöffnet?")
                await self.say("Kann ich ohne Termin kommen?")
            else:
                await self.book(cancel=self.rand.random() < 0.5)
            self.stats.conversations += 1

    async def book(self, cancel: bool) -> None:
        answer = await self.say('/book_appointment{"service":"personalausweis"}')
        for _step in ("date", "slot"):
            buttons = [b["payload"] for m in answer for b in m.get("buttons", [])]
            choices = [p for p in buttons if '"date"' in p or '"slot"' in p]
            if not choices:
                return
            answer = await self.say(self.rand.choice(choices[:6]))
        await self.say("Erika Mustermann")
        await self.say(f"{self.sender}@example.org")
        booked = await self.say("/affirm")
        text = " ".join(m.get("text") or "" for m in booked)
        if "Buchungsnummer: " not in text:
            return
        self.stats.booked += 1
        if cancel:
            code = text.split("Buchungsnummer: ")[1].split()[0]
            await self.say(f'/cancel_appointment{{"code":"{code}"}}')
            done = await self.say("/affirm")
            if any("storniert" in (m.get("text") or "") for m in done):
                self.stats.cancelled += 1


def solve(challenge: dict) -> str:
    found = solve_challenge_v1(
        challenge["challenge"], challenge["salt"], challenge["algorithm"], challenge["maxNumber"], 0
    )
    payload = {k: challenge[k] for k in ("algorithm", "challenge", "salt", "signature")}
    return base64.b64encode(json.dumps(payload | {"number": found.number}).encode()).decode()


def postgres_role() -> str:
    for role in ("postgres", "root"):
        engine = sa.create_engine(PG.format(role=role, db="postgres"), poolclass=sa.pool.NullPool)
        try:
            with engine.connect():
                return role
        except sa.exc.OperationalError:
            continue
        finally:
            engine.dispose()
    sys.exit("bench/load.py needs PostgreSQL on 127.0.0.1:5432 (trust auth)")


def admin(role: str, sql: str) -> None:
    engine = sa.create_engine(
        PG.format(role=role, db="postgres"),
        isolation_level="AUTOCOMMIT",
        poolclass=sa.pool.NullPool,
    )
    with engine.connect() as c:
        c.exec_driver_sql(sql)
    engine.dispose()


def server_cpu(group: int) -> float:
    """CPU seconds (user + system) of every live process in the server's process group."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # fields after the name: state, ppid, pgrp, ...
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def wait_ready(base: str, server: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient(base_url=base) as client:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                sys.exit("the server stopped before it was ready")
            try:
                if (await client.get("/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.5)
    sys.exit("the server did not become ready")


async def load(base: str, citizens: int, duration: float, seed: int) -> tuple[Stats, float]:
    stats = Stats()
    # Idle connections are dropped before uvicorn's 5 s keep-alive timeout: with both at 5 s, a
    # request could go out on a connection the server was just closing (httpx.ReadError).
    limits = httpx.Limits(
        max_connections=citizens, max_keepalive_connections=citizens, keepalive_expiry=2.0
    )
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        started = time.monotonic()
        until = started + duration
        rand = random.Random(seed)
        crowd = [Citizen(client, stats, random.Random(rand.random())) for _ in range(citizens)]
        await asyncio.gather(*(c.run(until) for c in crowd))
        return stats, time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=200)
    parser.add_argument("--duration", type=float, default=60, help="seconds of load")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    role = postgres_role()
    database = f"bench_load_{uuid.uuid4().hex[:10]}"
    admin(role, f"CREATE DATABASE {database}")
    url = PG.format(role=role, db=database)
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "BUERGERBOT_ALTCHA_KEY": uuid.uuid4().hex,
        "BUERGERBOT_TRUSTED_PROXIES": "127.0.0.1",  # citizens' addresses in X-Forwarded-For
        # The load of booking itself, as before verified contacts: the e-mail code is one turn
        # more (tests/web/test_email_flow_served.py), and e-mail stays out of data/.
        "BUERGERBOT_VERIFY_CONTACTS": "off",
        "BUERGERBOT_MAIL_DROP": tempfile.mkdtemp(prefix="bench-load-mail-"),
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bot.cli",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
        ],
        env=env,
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        asyncio.run(wait_ready(base, server))
        cpu_before = server_cpu(server.pid)
        stats, elapsed = asyncio.run(load(base, args.citizens, args.duration, args.seed))
        cpu = server_cpu(server.pid) - cpu_before
        db = open_database(url)
        city = load_city(ROOT / "config" / "brandenburg-havel.yaml")
        found = problems(db, city.booking, datetime.now(ZoneInfo("Europe/Berlin")))
        db.dispose()
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        admin(role, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")

    lat = sorted(stats.latencies)
    figures = {
        "workers": args.workers,
        "citizens": args.citizens,
        "seconds": round(elapsed, 1),
        "turns": len(lat),
        "turns_per_s": round(len(lat) / elapsed, 1),
        "p50_ms": round(statistics.median(lat) * 1000, 1) if lat else None,
        "p99_ms": round(lat[int(len(lat) * 0.99) - 1] * 1000, 1) if lat else None,
        "cpu_ms_per_turn": round(cpu * 1000 / len(lat), 2) if lat else None,
        "conversations": stats.conversations,
        "booked": stats.booked,
        "cancelled": stats.cancelled,
        "refused": stats.refused,
        "apologies": stats.apologies,
        "dropped": stats.dropped,
        "consistent": not found,
        "problems": found[:5],
    }
    for key, value in figures.items():
        print(f"{key:>14}: {value}")
    print(json.dumps(figures))
    if found:
        sys.exit(1)


if __name__ == "__main__":
    main()
