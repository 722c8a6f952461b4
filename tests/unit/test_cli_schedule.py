"""`buergerbot schedule ...`: output, and one friendly line with exit code 2 on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from icalendar import Calendar

from bot.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as e:  # argparse refuses malformed arguments itself
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def reference_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUERGERBOT_CONFIG", str(ROOT / "config" / "brandenburg-havel.yaml"))


def test_intervals_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "schedule", "intervals", "--from", "2021-10-29", "--to", "2021-11-01", "--json"
    )
    assert code == 0
    assert json.loads(out)[0] == {
        "start": "2021-10-29T08:00:00+02:00",
        "end": "2021-10-29T12:00:00+02:00",
        "kind": "appointment",
    }
    assert [(iv["start"], iv["kind"]) for iv in json.loads(out)[1:]] == [
        ("2021-11-01T09:00:00+01:00", "walk_in"),
        ("2021-11-01T13:00:00+01:00", "walk_in"),
    ]


def test_intervals_of_one_kind(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "schedule",
        "intervals",
        "--from",
        "2021-08-01",
        "--to",
        "2021-12-31",
        "--kind",
        "emergency_phone",
    )
    found = json.loads(out)
    assert code == 0 and len(found) == 22
    assert {iv["kind"] for iv in found} == {"emergency_phone"}
    assert found == sorted(found, key=lambda iv: iv["start"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2021-09-30", "--to", "2021-09-01"], "--from is after --to; swap them"),
        (
            ["--from", "2021-01-01", "--to", "2026-12-31"],
            "the range is longer than 5 years; ask for a shorter one",
        ),
    ],
)
def test_bad_ranges_get_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, "schedule", "intervals", *args)
    assert code == 2 and out == ""
    assert err == f"buergerbot: {message}\n"


@pytest.mark.parametrize("bad", ["2021-02-30", "morgen", "15.09.2021"])
def test_bad_dates_exit_2(capsys: pytest.CaptureFixture[str], bad: str) -> None:
    code, out, err = run(capsys, "schedule", "intervals", "--from", bad, "--to", "2021-12-31")
    assert code == 2 and out == ""
    assert f"{bad!r} is not a date; write YYYY-MM-DD" in err
    assert "Traceback" not in err


def test_show_a_day_and_a_week(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schedule", "show", "--date", "2021-12-25", "--lang", "en")
    assert code == 0
    assert out == (
        "Saturday, 25 December 2021: closed – Christmas Day. Next open Saturday: 8 January 2022\n"
    )
    code, out, _ = run(capsys, "schedule", "show", "--now", "2021-09-15T10:00")
    assert code == 0 and len(out.splitlines()) == 6
    assert out.startswith("Montag, 13. September 2021: 09:00–11:30 Uhr ohne Termin")
    code, _, err = run(capsys, "schedule", "show", "--now", "gestern")
    assert code == 2 and "'gestern' is not a time" in err


def test_changes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schedule", "changes")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Was sich ab 1. September 2021 ändert:"
    assert "- Montag–Freitag: Notfall-Telefon 08:00–09:00 Uhr entfällt" in lines


def test_export_osm_today(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schedule", "export", "--format", "osm", "--now", "2026-12-02")
    assert code == 0
    assert out.splitlines() == [
        'opening_hours=Mo,Th 09:00-11:30,13:00-15:00 open "ohne Termin", '
        'Tu,We 09:00-11:30 open "mit Termin", Tu 14:00-18:00 open "ohne Termin", '
        'Fr 08:00-12:00 open "mit Termin", Sa[2,4] 08:00-12:00 open "mit Termin"; PH off'
    ]
    code, out, err = run(
        capsys, "schedule", "export", "--format", "osm", "--now", "2021-08-10", "--json"
    )
    tags = json.loads(out)  # August 2021 restates its dates in every rule: a tag per kind
    assert sorted(tags) == ["opening_hours:appointment", "opening_hours:emergency_phone"]
    assert tags["opening_hours:emergency_phone"].startswith("2021 Aug 01-2021 Aug 31 Mo-Fr")
    assert "opening_hours:appointment is longer than OSM's 255 characters" in err


def test_export_osm_all_versions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schedule", "export", "--format", "osm", "--all-versions")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "# august-2021: 2021-08-01 – 2021-08-31"
    assert lines[2].startswith("opening_hours:emergency_phone=2021 Aug 01-2021 Aug 31 Mo-Fr")
    assert lines[3] == "# ab-september-2021: 2021-09-01 – …"
    assert lines[4].startswith('opening_hours=2021+ Mo,Th 09:00-11:30,13:00-15:00 open "ohne')
    code, out, _ = run(
        capsys, "schedule", "export", "--format", "osm", "--all-versions", "--json", "--lang", "en"
    )
    assert [v["version"] for v in json.loads(out)] == ["august-2021", "ab-september-2021"]


def test_export_ics(capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    code = main(
        [
            "schedule",
            "export",
            "--format",
            "ics",
            "--now",
            "2021-08-01T12:00",
            "--holidays-until",
            "2021-12-31",
        ]
    )
    assert code == 0
    cal = Calendar.from_ical(capfdbinary.readouterr().out)
    assert len(cal.walk("VEVENT")) == 19


def test_a_broken_config_file_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "city.yaml"
    text = (ROOT / "config" / "brandenburg-havel.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("days: [we]", "days: [wed]", 1), encoding="utf-8")
    monkeypatch.setenv("BUERGERBOT_CONFIG", str(broken))
    code, out, err = run(capsys, "schedule", "show")
    assert code == 2 and out == ""
    assert err == (
        f"buergerbot: {broken}: schedule[0] (august-2021).periods[4]: unknown weekday 'wed'; "
        "use one of mo, tu, we, th, fr, sa, su\n"
    )


def test_the_installed_command_prints_no_traceback(tmp_path: Path) -> None:
    """The real process, as a citizen's admin would run it."""
    broken = tmp_path / "city.yaml"
    broken.write_text("city: x\ntimezone: Europe/Berlin\nschedule: 3\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot.cli",
            "schedule",
            "intervals",
            "--from",
            "2021-09-01",
            "--to",
            "2021-09-02",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"BUERGERBOT_CONFIG": str(broken), "PATH": ""},
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == f"buergerbot: {broken}: schedule: needs a non-empty list 'schedule'\n"
