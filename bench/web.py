"""REST-channel throughput and latency: 50 concurrent clients against one uvicorn worker.

    .venv/bin/python bench/web.py [--clients 50] [--seconds 20] [--echo]

The server runs in its own process (uvicorn, one worker, uvloop + httptools) on a fresh SQLite
database; each client is one citizen with its own sender, cycling through a mixed script of
questions and button payloads, one request at a time over a kept-alive connection. The server's
CPU time per turn is reported too: on a shared machine it says what one worker can do when it
has a core to itself (1000 / ms per turn). `--echo`
swaps the engine for one that echoes, to see what the web layer alone costs. The rate limits
are lifted (all clients share 127.0.0.1). Last line: the figures as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.turn import Response, Turn  # noqa: E402
from bot.web import create_app  # noqa: E402
from bot.web.limits import Limits  # noqa: E402

SCRIPT = [
    "/greet",
    "Wann haben Sie geöffnet?",
    "Wann kann ich ohne Termin kommen?",
    "Haben Sie am Samstag offen?",
    "Sind Sie jetzt offen?",
    "Ich habe meinen Ausweis verloren",
    "Kann ich telefonisch einen Termin machen?",
    "danke",
]
UNLIMITED = Limits(sender_per_minute=1e9, ip_per_minute=1e9, burst=10**6)


class EchoEngine:
    async def handle(self, turn: Turn) -> list[Response]:
        return [Response(f"Sie schrieben: {turn.text}")]


def serve(port: int, echo: bool, db_dir: str) -> None:
    import uvicorn

    if echo:
        app = create_app(EchoEngine(), limits=UNLIMITED)
    else:
        from bot.bootstrap import build

        built = build(database_url=f"sqlite:///{db_dir}/bench.db")
        app = create_app(built.engine, city=built.city, limits=UNLIMITED)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def post(reader, writer, port: int, body: bytes) -> tuple[int, bytes]:
    """One POST on a kept-alive HTTP/1.1 connection: a lean client, so the server is measured."""
    writer.write(
        b"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
        b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (port, len(body), body)
    )
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    return status, await reader.readexactly(length)


async def citizen(
    n: int, port: int, until: float, latencies: list[float], errors: list[int]
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    sender = f"bench-{os.getpid()}-{n}"
    i = 0
    while time.perf_counter() < until:
        body = json.dumps({"sender": sender, "message": SCRIPT[i % len(SCRIPT)]}).encode()
        start = time.perf_counter()
        status, answer = await post(reader, writer, port, body)
        latencies.append(time.perf_counter() - start)
        if status != 200 or not json.loads(answer):
            errors.append(status)
        i += 1
    writer.close()


async def wait_ready(url: str) -> None:
    async with httpx.AsyncClient(base_url=url) as http:
        for _ in range(300):
            try:
                if (await http.get("/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit("the server did not start")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process: what a turn costs the server, whatever else runs."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def load(
    port: int, pid: int, clients: int, seconds: float
) -> tuple[list[float], list[int], float, float]:
    await wait_ready(f"http://127.0.0.1:{port}")
    latencies: list[float] = []
    errors: list[int] = []
    cpu = cpu_seconds(pid)
    start = time.perf_counter()
    until = start + seconds
    await asyncio.gather(*(citizen(n, port, until, latencies, errors) for n in range(clients)))
    return latencies, errors, time.perf_counter() - start, cpu_seconds(pid) - cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--echo", action="store_true", help="an echoing engine: the web layer alone")
    args = ap.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as db_dir:
        server = multiprocessing.Process(target=serve, args=(port, args.echo, db_dir), daemon=True)
        server.start()
        try:
            latencies, errors, elapsed, cpu = asyncio.run(
                load(port, server.pid, args.clients, args.seconds)
            )
        finally:
            server.terminate()
            server.join(10)
    latencies.sort()
    ms = [x * 1000 for x in latencies]
    figures = {
        "bench": "web",
        "engine": "echo" if args.echo else "real",
        "clients": args.clients,
        "turns": len(ms),
        "errors": len(errors),
        "turns_per_s": round(len(ms) / elapsed, 1),
        "p50_ms": round(statistics.median(ms), 2),
        "p99_ms": round(ms[int(len(ms) * 0.99) - 1], 2),
        "server_cpu_ms_per_turn": round(cpu * 1000 / len(ms), 3),
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "target_turns_per_s": 400,
    }
    print(
        f"{figures['turns']} turns by {args.clients} clients in {elapsed:.1f} s: "
        f"{figures['turns_per_s']} turns/s, p50 {figures['p50_ms']} ms, "
        f"p99 {figures['p99_ms']} ms, {len(errors)} errors; the server spent "
        f"{figures['server_cpu_ms_per_turn']} ms CPU per turn (load average "
        f"{figures['load_avg_1m']} on {os.cpu_count()} cores)"
    )
    print(json.dumps(figures))
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
