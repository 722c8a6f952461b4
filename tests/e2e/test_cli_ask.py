"""`buergerbot ask`: one turn per call, the conversation kept in the database between calls."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def ask(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/cli.db"}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "ask", "--now", "2021-09-13T08:00", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_consecutive_calls_continue_one_conversation(tmp_path):
    first = ask(tmp_path, "--json", "Ich möchte einen Termin buchen")
    assert first.returncode == 0, first.stderr
    [question] = json.loads(first.stdout)
    assert question["text"].startswith("Wofür möchten Sie einen Termin buchen?\n")
    assert {"title": "Reisepass", "payload": '/inform{"service":"reisepass"}'} in question[
        "buttons"
    ]
    second = ask(tmp_path, '/inform{"service":"reisepass"}')
    assert second.returncode == 0, second.stderr
    assert "An welchem Tag möchten Sie kommen?" in second.stdout
    assert "[Di., 14.09.]" in second.stdout


def test_another_sender_is_another_conversation(tmp_path):
    ask(tmp_path, '/book_appointment{"service":"reisepass"}')
    other = ask(tmp_path, "--sender", "someone-else", '/inform{"date":"2021-09-14"}')
    assert "Welche Uhrzeit" not in other.stdout
    assert "Dienstag, 14. September 2021: 09:00–11:30 Uhr mit Termin" in other.stdout
    mine = ask(tmp_path, '/inform{"date":"2021-09-14"}')
    assert "Welche Uhrzeit am Dienstag, 14. September 2021" in mine.stdout


def test_a_bad_now_is_one_line_and_exit_2(tmp_path):
    result = ask(tmp_path, "--now", "gestern", "Hallo")
    assert result.returncode == 2
    assert (
        result.stderr.strip() == "buergerbot: 'gestern' is not a time; write e.g. 2021-09-15T10:00"
    )
