"""Command-line start: wall time of `buergerbot ask` (and of cheaper commands), warm.

    .venv/bin/python -P bench/cli_start.py [--runs 10]

Warm means: the NLU model is cached, bytecode compiled and the database migrated, as on a
machine where the bot has run once; one unmeasured run makes it so. Each measured run is a
fresh process. Prints the median of each command and, as the last line, JSON.
Target: `ask` median ≤ 1.0 s. The machine is shared: compare figures taken side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS = {
    "ask": ["ask", "--sender", "bench", "Wann haben Sie geöffnet?"],
    "schedule": ["schedule", "intervals", "--from", "2021-09-13", "--to", "2021-09-19", "--json"],
    "db check": ["db", "check"],
    "help": ["--help"],
}


def buergerbot() -> list[str]:
    """The installed script next to this Python, else the module."""
    script = Path(sys.executable).with_name("buergerbot")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-400:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="cli-start-")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/cli.db"}
    # Warm includes compiled bytecode: with PYTHONDONTWRITEBYTECODE set (CI shells often set
    # it) every changed module would be compiled again in each measured run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    base = buergerbot()
    results = {}
    try:
        subprocess.run([*base, "db", "upgrade"], env=env, capture_output=True, check=True)
        for name, argv in COMMANDS.items():
            timed([*base, *argv], env)  # warm-up: caches, bytecode
            runs = [timed([*base, *argv], env) for _ in range(args.runs)]
            results[name] = round(statistics.median(runs), 3)
            print(f"{name:<9} median {results[name]:.3f} s  (min {min(runs):.3f}, n={args.runs})")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    verdict = "ok" if results["ask"] <= 1.0 else "over"
    print(f"ask warm start target ≤ 1.0 s: {verdict}")
    print(json.dumps({"median_seconds": results, "runs": args.runs}))


if __name__ == "__main__":
    main()
