"""`buergerbot db` and `buergerbot staff` against a SQLite file."""

from __future__ import annotations

from bot.cli import main
from storage.booking import BookingService
from storage.db import open_database
from tests.storage.support import BERLIN_CONFIG, berlin


def test_upgrade_then_staff_tools(tmp_path, monkeypatch, capsys, city):
    url = f"sqlite:///{tmp_path / 'data' / 'bot.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("BUERGERBOT_CONFIG", str(BERLIN_CONFIG))
    assert main(["staff", "day", "--date", "2021-09-14"]) == 2
    assert "run: buergerbot db upgrade" in capsys.readouterr().err
    assert main(["db", "upgrade"]) == 0
    assert main(["db", "check"]) == 0
    db = open_database(url)
    booked = BookingService(db, city).book(
        berlin(2021, 9, 14, 9, 0),
        "personalausweis",
        "Anna Muster",
        email="anna@example.org",
        sender="cli:local",
        now=berlin(2021, 9, 13, 8, 0),
    )
    db.dispose()
    code = booked.appointment.code
    capsys.readouterr()
    assert main(["staff", "day", "--date", "2021-09-14"]) == 0
    out = capsys.readouterr().out
    assert "1 appointment(s)" in out and f"09:00 seat {booked.appointment.seat} {code}" in out
    assert "Anna Muster anna@example.org" in out
    assert main(["staff", "noshow", code.lower(), "--now", "2021-09-14T10:00"]) == 0
    assert f"{code} marked as no-show" in capsys.readouterr().out
    assert main(["staff", "noshow", code, "--now", "2021-09-14T10:00"]) == 2
    assert main(["staff", "purge", "--now", "2021-11-01T00:00"]) == 0
    assert "anonymised 1 appointment(s)" in capsys.readouterr().out


def test_unreachable_database_is_one_line_and_exit_2(monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:1/test")
    assert main(["db", "upgrade"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot reach the database" in err
