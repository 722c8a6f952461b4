"""Does anything block the server's event loop? `buergerbot serve` (one worker) measured from
other processes while its database misbehaves.

    .venv/bin/python bench/loop_lag.py [--phase-seconds 10] [--citizens 200]

Two runs: on SQLite, and on PostgreSQL reached through a TCP proxy (a process of this script)
that can stop forwarding. Each run has phases; during each, a probe process (also this script)
asks GET /widget.js and GET /healthz every 50 ms and sends turns of unaffected senders (known
citizens asking the hours: on SQLite these only read):
  idle       nothing else happens
  locked     (SQLite) another process holds the file's write lock; fresh senders' first
             messages (which must write) are the affected turns
  blackhole  (PostgreSQL) the proxy forwards nothing, to either side; every turn is affected
  crowd      the citizens of bench/load.py (hours questions, bookings, cancellations)
Target: /widget.js and /healthz p99 <= 100 ms in every phase; affected turns answer with the
apology within their budget, printed beside them: the lock timeout on a locked SQLite file, the
connect timeout on a dead PostgreSQL (the pooled connection's ping and the reconnect share it);
5 s each by default, BUERGERBOT_DB_*_TIMEOUT_S; afterwards storage.consistency finds nothing
half-written.
Last line: the figures as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.config import load_city  # noqa: E402
from app.settings import Settings  # noqa: E402
from bench.load import PG, Citizen, Stats, admin, free_port, postgres_role, wait_ready  # noqa: E402
from office.texts import t  # noqa: E402
from storage.consistency import problems  # noqa: E402
from storage.db import open_database  # noqa: E402

APOLOGY = t("de", "error")
PROBE_EVERY_S = 0.05
KNOWN = [f"lag-known-{i}" for i in range(40)]  # 40 senders: each asks every 10 s (rate limits)


# The probe: another process, so the load's own event loop does not colour the figures.


async def probe(base: str, seconds: float) -> dict[str, list]:
    found: dict[str, list] = {"widget.js": [], "healthz": [], "turns": [], "apologies": [],
                              "refused": []}  # fmt: skip
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:

        async def timed(kind: str, request) -> None:
            started = time.perf_counter()
            try:
                r = await request
            except httpx.TransportError as e:
                found["refused"].append(f"{kind} {type(e).__name__}")
                return
            found[kind].append(time.perf_counter() - started)
            if r.status_code not in (200, 503):  # 503: health saying the database is down
                found["refused"].append(f"{kind} {r.status_code}")
            elif kind == "turns" and any(m.get("text") == APOLOGY for m in r.json()):
                found["apologies"].append(found[kind][-1])

        async def every(kind: str, make, period: float) -> None:
            tasks, i, until = [], 0, time.monotonic() + seconds
            while time.monotonic() < until:
                tasks.append(asyncio.create_task(timed(kind, make(i))))
                i += 1
                await asyncio.sleep(period)
            await asyncio.gather(*tasks)

        def ask(i: int):
            sender = KNOWN[i % len(KNOWN)]
            body = {"sender": sender, "message": "Wann haben Sie geöffnet?"}
            return client.post("/webhooks/rest/webhook", json=body, headers=forwarded(sender))

        await asyncio.gather(
            every("widget.js", lambda i: client.get("/widget.js"), PROBE_EVERY_S),
            every("healthz", lambda i: client.get("/healthz"), PROBE_EVERY_S),
            every("turns", ask, 0.25),
        )
    return found


def forwarded(sender: str) -> dict[str, str]:
    """One client address per sender (the per-address limit is the city's, not the bench's)."""
    n = sum(sender.encode()) % 250 + 1
    return {"X-Forwarded-For": f"127.0.9.{n}"}


# The proxy: another process; SIGUSR1 stops forwarding, SIGUSR2 resumes.


async def proxy(listen: int, upstream: int) -> None:
    flowing = asyncio.Event()
    flowing.set()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGUSR1, flowing.clear)
    loop.add_signal_handler(signal.SIGUSR2, flowing.set)

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                await flowing.wait()
                data = await reader.read(65536)
                if not data:
                    break
                await flowing.wait()  # read during the blackhole: held, like a dead network
                writer.write(data)
                await writer.drain()
        except OSError:
            pass
        finally:
            writer.close()

    async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await flowing.wait()
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", upstream)
        except OSError:
            writer.close()
            return
        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    server = await asyncio.start_server(connection, "127.0.0.1", listen)
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


# The runs


def serve(url: str, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port = free_port()
    cmd = [sys.executable, "-m", "bot.cli", "serve", "--port", str(port), "--workers", "1"]
    server = subprocess.Popen(
        cmd,
        env={**env, "DATABASE_URL": url},
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    return server, f"http://127.0.0.1:{port}"


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def start_probe(base: str, seconds: float) -> subprocess.Popen:
    cmd = [sys.executable, __file__, "--probe", base, "--phase-seconds", str(seconds)]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, cwd=ROOT)


def probe_result(process: subprocess.Popen) -> dict[str, list]:
    out, _ = process.communicate(timeout=300)
    return json.loads(out.decode().strip().splitlines()[-1])


async def affected(base: str, n: int) -> list[tuple[float, bool]]:
    """Fresh senders' first messages: (seconds, answered with the apology)."""
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:

        async def one(i: int) -> tuple[float, bool]:
            sender = f"lag-fresh-{uuid.uuid4().hex[:8]}"
            started = time.perf_counter()
            r = await client.post(
                "/webhooks/rest/webhook",
                json={"sender": sender, "message": "Hallo"},
                headers=forwarded(sender),
            )
            apology = any(m.get("text") == APOLOGY for m in r.json())
            return time.perf_counter() - started, apology

        return await asyncio.gather(*(one(i) for i in range(n)))


async def warm(base: str) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        for sender in KNOWN:
            body = {"sender": sender, "message": "Wann haben Sie geöffnet?"}
            await client.post("/webhooks/rest/webhook", json=body, headers=forwarded(sender))


async def crowd(base: str, citizens: int, seconds: float) -> Stats:
    stats = Stats()
    limits = httpx.Limits(max_connections=citizens, keepalive_expiry=2.0)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        rand = random.Random(1)
        people = [Citizen(client, stats, random.Random(rand.random())) for _ in range(citizens)]
        until = time.monotonic() + seconds
        await asyncio.gather(*(c.run(until) for c in people))
    return stats


def phase(base: str, seconds: float, during=None) -> dict:
    """Probe for `seconds` while `during()` (a coroutine function) runs; the figures."""
    process = start_probe(base, seconds)
    extra = asyncio.run(during()) if during else None
    found = probe_result(process)
    figures = {kind: summary(found[kind]) for kind in ("widget.js", "healthz", "turns")}
    figures["turn_apologies"] = len(found["apologies"])
    figures["refused"] = dict(Counter(found["refused"]))
    if extra is not None:
        figures["affected"] = extra
    return figures


def summary(latencies: list[float]) -> dict:
    lat = sorted(latencies)
    if not lat:
        return {"n": 0}
    return {
        "n": len(lat),
        "p50_ms": round(statistics.median(lat) * 1000, 1),
        "p99_ms": round(lat[max(0, int(len(lat) * 0.99) - 1)] * 1000, 1),
        "max_ms": round(lat[-1] * 1000, 1),
    }


def affected_summary(results: list[tuple[float, bool]], budget_s: float) -> dict:
    return {
        "n": len(results),
        "apologies": sum(1 for _, a in results if a),
        "max_s": round(max(s for s, _ in results), 2) if results else None,
        "budget_s": budget_s,
    }


def sqlite_run(env: dict[str, str], seconds: float, citizens: int) -> dict:
    path = Path(tempfile.mkdtemp()) / "lag.db"
    url = f"sqlite:///{path}"
    server, base = serve(url, env)
    figures: dict = {}
    try:
        asyncio.run(wait_ready(base, server))
        asyncio.run(warm(base))
        figures["idle"] = phase(base, seconds)

        async def locked() -> dict:
            holder = subprocess.Popen(
                [sys.executable, "-c", LOCK_HOLDER, str(path), str(seconds)],
                stdout=subprocess.PIPE,
            )
            assert holder.stdout is not None
            await asyncio.to_thread(holder.stdout.readline)  # "locked"
            results = await affected(base, 5)
            await asyncio.to_thread(holder.wait)
            return affected_summary(results, Settings.from_env(env).db_timeouts.lock_s)

        figures["locked"] = phase(base, seconds, locked)

        async def load() -> dict:
            stats = await crowd(base, citizens, seconds)
            lat = summary(stats.latencies)
            return lat | {"apologies": stats.apologies, "dropped": stats.dropped}

        figures["crowd"] = phase(base, seconds, load)
    finally:
        stop(server)
    figures["consistent"] = consistent(url)
    return figures


LOCK_HOLDER = """
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
c.execute("ROLLBACK")
"""


def postgres_run(env: dict[str, str], seconds: float, citizens: int) -> dict:
    role = postgres_role()
    database = f"bench_lag_{uuid.uuid4().hex[:10]}"
    admin(role, f"CREATE DATABASE {database}")
    listen = free_port()
    relay = subprocess.Popen(
        [sys.executable, __file__, "--proxy", str(listen)], stdout=subprocess.PIPE, cwd=ROOT
    )
    assert relay.stdout is not None
    relay.stdout.readline()  # "ready"
    via_proxy = PG.format(role=role, db=database).replace(":5432/", f":{listen}/")
    server, base = serve(via_proxy, env)
    figures: dict = {}
    try:
        asyncio.run(wait_ready(base, server))
        asyncio.run(warm(base))
        figures["idle"] = phase(base, seconds)

        async def blackhole() -> dict:
            relay.send_signal(signal.SIGUSR1)
            results = await affected(base, 5)
            await asyncio.sleep(max(0.0, seconds - max(s for s, _ in results)))
            relay.send_signal(signal.SIGUSR2)
            return affected_summary(results, Settings.from_env(env).db_timeouts.connect_s)

        figures["blackhole"] = phase(base, seconds, blackhole)

        async def load() -> dict:
            stats = await crowd(base, citizens, seconds)
            lat = summary(stats.latencies)
            return lat | {"apologies": stats.apologies, "dropped": stats.dropped}

        figures["crowd"] = phase(base, seconds, load)
    finally:
        stop(server)
        relay.kill()
        relay.wait()
    try:
        figures["consistent"] = consistent(PG.format(role=role, db=database))
    finally:
        admin(role, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    return figures


def consistent(url: str) -> bool:
    db = open_database(url)
    city = load_city(ROOT / "config" / "brandenburg-havel.yaml")
    found = problems(db, city.booking, datetime.now(ZoneInfo("Europe/Berlin")))
    db.dispose()
    return not found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phase-seconds", type=float, default=10)
    parser.add_argument("--citizens", type=int, default=200)
    parser.add_argument("--probe", help=argparse.SUPPRESS)  # internal: the probe process
    parser.add_argument("--proxy", type=int, help=argparse.SUPPRESS)  # internal: the proxy
    args = parser.parse_args()
    if args.probe:
        print(json.dumps(asyncio.run(probe(args.probe, args.phase_seconds))))
        return
    if args.proxy:
        asyncio.run(proxy(args.proxy, 5432))
        return
    env = {**os.environ, "BUERGERBOT_ALTCHA_KEY": uuid.uuid4().hex,
           "REDIS_URL": "redis://127.0.0.1:6379/0",  # the rate windows off the database
           "BUERGERBOT_LIMITS_PREFIX": f"bench-lag-{uuid.uuid4().hex[:8]}",
           "BUERGERBOT_TRUSTED_PROXIES": "127.0.0.1"}  # fmt: skip
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    figures = {
        "sqlite": sqlite_run(env, args.phase_seconds, args.citizens),
        "postgres": postgres_run(env, args.phase_seconds, args.citizens),
    }
    worst = max(
        run[p][kind].get("p99_ms", 0)
        for run in figures.values()
        for p in run
        if isinstance(run[p], dict) and "widget.js" in run[p]
        for kind in ("widget.js", "healthz")
    )
    for name, run in figures.items():
        for p, f in run.items():
            print(f"{name:>8} {p:>9}: {f}")
    figures["worst_static_p99_ms"] = worst
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
