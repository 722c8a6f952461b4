"""`buergerbot ask --jsonl` and `buergerbot test conversations`, as a city would run them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def cli(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/cli.db"}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_jsonl_answers_each_line_in_one_process(tmp_path: Path) -> None:
    lines = [
        {"sender": "a", "text": "Ich möchte einen Termin buchen", "now": "2021-09-13T08:00"},
        {"sender": "b", "text": "When are you open?", "now": "2021-09-13T08:00", "lang": "en"},
        "not json",
        {"sender": "a", "text": '/inform{"service":"reisepass"}', "now": "2021-09-13T08:00"},
    ]
    stdin = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n"
    result = cli(tmp_path, "ask", "--jsonl", stdin=stdin)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 4
    assert out[0][0]["text"].startswith("Wofür möchten Sie einen Termin buchen?")
    assert "open" in out[1][0]["text"] or "closed" in out[1][0]["text"]
    assert "error" in out[2]
    assert "An welchem Tag" in out[3][0]["text"]  # sender a's form went on


SCRIPT = """
category: probe
now: 2021-09-13T08:00
cases:
  - user: Was kostet ein Reisepass?
    mentions: "60,00 Euro"
  - name: wrong on purpose
    category: other
    user: Hallo
    mentions: "Das steht sicher nicht drin"
  - user: Hallo
    xfail: a known gap
    mentions: "auch das nicht"
"""


def test_the_report_counts_per_file_and_category_and_fails(tmp_path: Path) -> None:
    folder = tmp_path / "conv"
    folder.mkdir()
    (folder / "probe.yml").write_text(SCRIPT, encoding="utf-8")
    result = cli(tmp_path, "test", "conversations", str(folder))
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert "FAIL probe.yml probe[2] wrong on purpose" in out
    assert "missing 'Das steht sicher nicht drin'" in out
    assert "XFAIL probe[3]: fails as known (a known gap)" in out
    assert re.search(r"^probe.yml +1 +2 +50.0 %$", out, re.M)
    assert re.search(r"^other +0 +1 +0.0 %$", out, re.M)
    assert re.search(r"^probe +1 +1 +100.0 %$", out, re.M)
    assert "1/2 cases passed (50.0 %), 1 known failures not counted" in out


def test_a_typo_in_a_check_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "typo.yml"
    path.write_text("now: 2021-09-13T08:00\nturns:\n  - user: Hallo\n    mention: x\n")
    result = cli(tmp_path, "test", "conversations", str(path))
    assert result.returncode == 2
    assert "unknown key(s) mention" in result.stderr
