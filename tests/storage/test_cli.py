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


def test_staff_waitlist_offers_freed_seats_and_lists_who_waits(tmp_path, monkeypatch, capsys, city):
    from datetime import date

    from office.waitlist import Wish
    from storage.waitlist import Waitlist

    url = f"sqlite:///{tmp_path / 'bot.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("BUERGERBOT_CONFIG", str(BERLIN_CONFIG))
    assert main(["db", "upgrade"]) == 0
    db = open_database(url)
    booking = BookingService(db, city)
    now = berlin(2021, 9, 13, 8, 0)
    booked = booking.book(berlin(2021, 9, 14, 9, 0), "reisepass", "Anna Muster",
                          email="anna@example.org", sender="telegram:1", now=now)  # fmt: skip
    wish = Wish("reisepass", 1, date(2021, 9, 13), date(2021, 9, 20))
    Waitlist(db, city, booking).join("telegram:2", wish, now, name="Bert Wartend",
                                     phone="0331 1234567")  # fmt: skip
    booking.cancel(booked.appointment.code, "citizen", now, by_person="telegram:1")
    db.dispose()
    capsys.readouterr()
    assert main(["staff", "waitlist", "--now", "2021-09-13T08:01"]) == 0
    assert "1 event(s) read; 1 offer(s) made" in capsys.readouterr().out
    assert main(["staff", "waitlist", "--date", "2021-09-15", "--service", "reisepass"]) == 0
    out = capsys.readouterr().out
    assert "2021-09-15: 1 waiting" in out and "offered telegram Bert Wartend" in out


def test_db_and_schedule_commands_open_the_database_with_the_configured_timeouts(
    tmp_path, monkeypatch, capsys
):
    import storage.db
    from storage.timeouts import Timeouts

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("BUERGERBOT_CONFIG", str(BERLIN_CONFIG))
    monkeypatch.setenv("BUERGERBOT_DB_CONNECT_TIMEOUT_S", "2.5")
    monkeypatch.setenv("BUERGERBOT_DB_STATEMENT_TIMEOUT_S", "3.5")
    monkeypatch.setenv("BUERGERBOT_DB_LOCK_TIMEOUT_S", "1.5")
    opened: list[Timeouts] = []

    def recording(url: str, **kwargs):
        db = open_database(url, **kwargs)
        opened.append(db.timeouts)
        return db

    monkeypatch.setattr(storage.db, "open_database", recording)
    for command in (["db", "upgrade"], ["db", "check"]):
        assert main(command) == 0
    main(["schedule", "intervals", "--from", "2021-09-13", "--to", "2021-09-14", "--json"])
    assert opened == [Timeouts(2.5, 3.5, 1.5)] * 3
