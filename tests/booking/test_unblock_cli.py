"""`buergerbot staff unblock`: staff lift a no-show block; the Telegram account books again."""

from __future__ import annotations

from datetime import timedelta

from bot.cli import main
from office.booking import Blocked, Booked
from storage.booking import BookingService
from storage.db import open_database
from tests.storage.support import BERLIN_CONFIG, berlin


def test_staff_unblock_lifts_the_block(tmp_path, monkeypatch, capsys, city):
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("BUERGERBOT_CONFIG", str(BERLIN_CONFIG))
    assert main(["db", "upgrade"]) == 0
    svc = BookingService(open_database(url), city)
    now = berlin(2021, 9, 13, 8, 0)
    for start in (berlin(2021, 9, 14, 9, 0), berlin(2021, 9, 15, 9, 0)):
        a = svc.book(start, "personalausweis", "Anna", phone="0176 12345678",
                     sender="telegram:1", now=now).appointment  # fmt: skip
        svc.mark_no_show(a.code, "staff:1", start + timedelta(hours=1))
        now = start + timedelta(hours=1)
    later = berlin(2021, 9, 16, 8, 0)
    tue = berlin(2021, 9, 21, 9, 0)
    assert isinstance(svc.book(tue, "personalausweis", "Anna", phone="0176 12345678",
                               sender="telegram:1", now=later), Blocked)  # fmt: skip
    capsys.readouterr()
    assert main(["staff", "unblock", "--sender", "telegram:1"]) == 0
    assert "lifted 2 no-show(s)" in capsys.readouterr().out
    assert isinstance(svc.book(tue, "personalausweis", "Anna", phone="0176 12345678",
                               sender="telegram:1", now=later), Booked)  # fmt: skip
    assert main(["staff", "unblock", "--email", "nobody@example.org"]) == 0
    assert "nothing changed" in capsys.readouterr().out
