"""Test helpers for real processes on loopback: a free port, and `buergerbot serve` running."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(
    env: dict[str, str],
    workers: int = 1,
    log: list[str] | None = None,
    now: datetime | None = None,
) -> Iterator[str]:
    """`buergerbot serve` on a free port until healthy (its clock starting at `now`, if
    given); its URL. Afterwards its log must hold no traceback and no worker death (and its
    lines are added to `log`)."""
    port = free_port()
    cmd = [sys.executable, "-m", "bot.cli", "serve", "--port", str(port)]
    cmd += ["--workers", str(workers)] + (["--now", now.isoformat()] if now else [])
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    # Read the log as it comes: a full pipe (64 KB of log lines) would stop the server mid-test.
    lines: list[bytes] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)  # type: ignore[arg-type]
    reader.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(url + "/healthz").status_code == 200:
                break
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            reader.join(10)
            raise AssertionError(b"".join(lines).decode()[-2000:])
        time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=20)
    reader.join(10)
    text = b"".join(lines).decode()
    assert "died" not in text and "Traceback" not in text, text[-2000:]
    if log is not None:
        log.extend(text.splitlines())
