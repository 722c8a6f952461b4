"""`buergerbot staff cutover|report|broadcast` against a SQLite file."""

from __future__ import annotations

import pytest

from bot.cli import main
from storage.db import open_database
from tests.outreach.population import populate
from tests.storage.support import BERLIN_CONFIG, berlin

NOW = "2021-08-20T10:00"


@pytest.fixture
def url(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("BUERGERBOT_CONFIG", str(BERLIN_CONFIG))
    assert main(["db", "upgrade"]) == 0
    db = open_database(url)
    populate(db, 8, berlin(2021, 9, 1, 8, 0), berlin(2021, 8, 1, 9, 0))
    db.dispose()
    return url


def test_cutover_dry_run_then_run_then_again(url, capsys):
    capsys.readouterr()
    assert main(["staff", "cutover", "--from", "2021-09-01", "--dry-run", "--now", NOW]) == 0
    out = capsys.readouterr().out
    assert "8 active appointment(s) to cancel" in out
    assert "Wed 2021-09-01       8" in out
    assert "telegram        5" in out and "none            1" in out
    assert "dry run: nothing changed" in out
    # without --yes and without a terminal to ask on: refused, nothing changes
    assert main(["staff", "cutover", "--from", "2021-09-01", "--now", NOW]) == 2
    assert "add --yes" in capsys.readouterr().err
    assert main(["staff", "cutover", "--from", "2021-09-01", "--yes", "--now", NOW]) == 0
    assert "cancelled 8 appointment(s) and queued 8 notice(s)" in capsys.readouterr().out
    assert main(["staff", "cutover", "--from", "2021-09-01", "--yes", "--now", NOW]) == 0
    assert "8 cancelled, 8 notices; nothing changes" in capsys.readouterr().out


def test_bad_date_is_one_line(url, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["staff", "cutover", "--from", "1.9.2021"])
    assert exit_.value.code == 2
    assert "write YYYY-MM-DD" in capsys.readouterr().err


def test_reminders_and_report(url, capsys):
    assert main(["staff", "reminders", "--now", "2021-08-30T09:00"]) == 0
    assert "queued 8 reminder(s); released 0" in capsys.readouterr().out
    assert main(["staff", "report", "cutover"]) == 1
    assert main(["staff", "cutover", "--from", "2021-09-01", "--yes", "--now", NOW]) == 0
    capsys.readouterr()
    assert main(["staff", "report", "cutover", "--list"]) == 0
    out = capsys.readouterr().out
    assert "8 appointment(s) cancelled, 8 notice(s)" in out
    assert "person(s) have no chat and no e-mail: call them" in out
    assert "undeliverable none" in out and "+49151" in out
