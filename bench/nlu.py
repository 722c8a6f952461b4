"""NLU speed: training time, model load time, parse latency p50/p99 over 10,000 parses.

    .venv/bin/python bench/nlu.py [--parses 10000] [--trainings 3]

Trains into a temporary cache (median of --trainings runs, each in a fresh subprocess so the
scikit-learn import is counted once per run, as `buergerbot nlu train` pays it), loads the
model, then parses a mix of realistic messages (German and English, with dates, services,
contact data, typos, a long one). Targets: training <= 10 s, p50 <= 1 ms, p99 <= 5 ms.
Latency is also given as CPU time: on a shared machine the wall-clock p99 measures waits for a
core more than the parser. Last line: the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlu.interpreter import BERLIN, Interpreter  # noqa: E402
from nlu.model import Model  # noqa: E402

MESSAGES = [
    "hab meinen perso verloren, was nu?",
    "kann ich morgen früh ohne termin vorbeikommen",
    "Termin für Ummeldung nächsten Mittwoch so gegen halb zehn",
    "do you open on saturday?",
    "Wann haben Sie geöffnet?",
    "ja",
    "nein danke",
    "Moin",
    "Ich möchte meinen Termin am 15.9. absagen",
    "Kann ich den Termin auf Freitag um viertel nach neun verschieben?",
    "Meine Mail ist anna.schmidt@example.de, Telefon 0176 12345678",
    "Persnalausweis beantragen Ende der Woche",
    "Warum wurde mein Termin im September gelöscht?",
    "Kann ich telefonisch einen Termin machen?",
    "I lost my passport and I'm flying tomorrow",
    "Wie wird das Wetter?",
    "15.09.2021 um 10:30",
    "Danke, tschüss!",
    "Ich brauche einen Termin für mich und meine Tochter, Kinderreisepass und Reisepass, "
    "am liebsten nächste Woche Dienstag vormittags, sonst in zwei Wochen gegen 14 Uhr.",
    "😀",
]

TRAIN = """
import sys, time
from pathlib import Path
t = time.perf_counter()
from nlu.interpreter import load_or_train_model
load_or_train_model(cache_dir=Path(sys.argv[1]), retrain=True)
print(time.perf_counter() - t)
"""


def train_seconds(cache: Path) -> float:
    out = subprocess.run(
        [sys.executable, "-c", TRAIN, str(cache)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parses", type=int, default=10_000)
    ap.add_argument("--trainings", type=int, default=3)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp)
        trainings = [train_seconds(cache) for _ in range(args.trainings)]
        (path,) = cache.glob("model-*.npz")
        loads = []
        for _ in range(5):
            t = time.perf_counter()
            model = Model.load(path)
            loads.append(time.perf_counter() - t)
        interpreter = Interpreter(model)

    now = datetime(2021, 9, 13, 10, 0, tzinfo=BERLIN)
    for text in MESSAGES:  # warm-up
        interpreter.parse(text, now)
    latencies, cpu = [], []
    for i in range(args.parses):
        text = MESSAGES[i % len(MESSAGES)]
        c, t = time.thread_time_ns(), time.perf_counter_ns()
        interpreter.parse(text, now)
        latencies.append((time.perf_counter_ns() - t) / 1e6)
        cpu.append((time.thread_time_ns() - c) / 1e6)
    latencies.sort()
    cpu.sort()
    figures = {
        "train_s_median": round(statistics.median(trainings), 3),
        "train_s_runs": [round(t, 3) for t in trainings],
        "train_import_s": model.meta["import_seconds"],
        "load_ms_median": round(statistics.median(loads) * 1000, 2),
        "parses": args.parses,
        "parse_ms_p50": round(latencies[len(latencies) // 2], 3),
        "parse_ms_p99": round(latencies[int(len(latencies) * 0.99)], 3),
        "parse_ms_max": round(latencies[-1], 3),
        "parse_cpu_ms_p50": round(cpu[len(cpu) // 2], 3),
        "parse_cpu_ms_p99": round(cpu[int(len(cpu) * 0.99)], 3),
        "load_average": round(os.getloadavg()[0], 2),
        "examples": model.meta["examples"],
        "features": len(model.vocabulary),
    }
    print(
        f"training     {figures['train_s_median']:.2f} s (median of {len(trainings)}; "
        f"importing scikit-learn {figures['train_import_s']:.2f} s of it)"
    )
    print(f"model load   {figures['load_ms_median']:.1f} ms")
    print(
        f"parse        p50 {figures['parse_ms_p50']:.3f} ms, p99 {figures['parse_ms_p99']:.3f} ms"
    )
    print(
        f"parse (CPU)  p50 {figures['parse_cpu_ms_p50']:.3f} ms, "
        f"p99 {figures['parse_cpu_ms_p99']:.3f} ms (load average {figures['load_average']})"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
