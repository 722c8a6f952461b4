"""Office news: subscribing in the chat, audiences, a broadcast queued once; "Ich komme"."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from actions import all_actions
from app.services import build_services
from bot.cli import main
from bot.engine import DialogueEngine
from bot.turn import Turn
from office.booking import Booked
from office.lifecycle import Status
from storage.booking import BookingService
from storage.broadcast import BroadcastService, Subscriptions
from storage.cutover import CutoverService
from storage.models import OutboxRow, UndeliverableChat
from tests.outreach.population import populate
from tests.storage.support import BERLIN_CONFIG, berlin

NOW = berlin(2021, 8, 20, 10, 0)
pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class NoNlu:
    """Button payloads never reach the NLU."""

    def parse(self, text, now):
        raise AssertionError("a payload went to the NLU")


@pytest.fixture
def engine(db, city) -> DialogueEngine:
    services = build_services(city=city, db=db)
    return DialogueEngine(NoNlu(), services.conversations, all_actions(services))


async def say(engine, sender: str, text: str):
    return await engine.handle(Turn(sender, text, NOW, "de"))


async def test_subscribe_and_unsubscribe_in_the_chat(engine, db):
    (help_,) = await say(engine, "telegram:1", "/help")
    assert ("Neuigkeiten abonnieren", "/subscribe") in [(b.title, b.payload) for b in help_.buttons]
    (done,) = await say(engine, "telegram:1", "/subscribe")
    assert done.text.startswith("Gern! Sie erhalten Neuigkeiten")
    assert Subscriptions(db).is_subscribed("telegram:1")
    (again,) = await say(engine, "telegram:1", "/subscribe")
    assert again.text == "Sie erhalten unsere Neuigkeiten bereits hier im Chat."
    (help_,) = await say(engine, "telegram:1", "/help")
    assert "/unsubscribe" in [b.payload for b in help_.buttons]
    (gone,) = await say(engine, "telegram:1", "/unsubscribe")
    assert gone.text == "In Ordnung, Sie erhalten keine Neuigkeiten mehr."
    assert not Subscriptions(db).is_subscribed("telegram:1")
    (cli,) = await say(engine, "cli:local", "/subscribe")
    assert "nicht zustellen" in cli.text


async def test_i_am_coming_confirms_only_ones_own_appointment(engine, db, city):
    booked = BookingService(db, city).book(
        berlin(2021, 9, 7, 9, 0), "reisepass", "Erika", email="erika@example.org",
        sender="telegram:5", now=NOW,
    )  # fmt: skip
    assert isinstance(booked, Booked)
    code = booked.appointment.code
    (foreign,) = await say(engine, "telegram:6", f'/confirm_appointment{{"code":"{code}"}}')
    assert foreign.text == "Diesen Termin finde ich bei Ihnen nicht."
    (mine,) = await say(engine, "telegram:5", f'/confirm_appointment{{"code":"{code}"}}')
    assert mine.text.startswith("Danke! Ihr Termin Reisepass am Dienstag, 7. September 2021")
    assert BookingService(db, city).appointment(code).status is Status.CONFIRMED


def test_audiences_and_a_broadcast_queued_once(db, city):
    made = populate(db, 7, berlin(2021, 9, 1, 8, 0), NOW)  # tg x3, email, web, tg+email, phone
    CutoverService(db, city).run(date(2021, 9, 1), "staff:cli", NOW)
    populate(db, 2, berlin(2021, 9, 20, 8, 0), NOW, offset=100)  # booked later: chat, e-mail
    news = Subscriptions(db)
    news.subscribe("telegram:42", "en", NOW)
    news.subscribe("web:w4", "de", NOW)  # also affected: one copy
    news.subscribe("telegram:43", "de", NOW)
    with db.write() as s:
        s.add(UndeliverableChat(sender="telegram:43", since=NOW))
    service = BroadcastService(db, city)
    assert service.audience_size("subscribers") == 2
    assert service.audience_size("affected") == 6  # the phone-only person is not reachable
    assert service.audience_size("all") == 6 + 1 + 2  # + telegram:42, + two booked later
    assert len(made.phone_only) == 1
    queued = service.send("subscribers", "Neu: Sprechzeiten auch samstags.", "staff:cli", NOW,
                          text_en="New: Saturday hours.")  # fmt: skip
    assert queued == 2
    assert service.send("subscribers", "Neu: Sprechzeiten auch samstags.", "staff:cli", NOW,
                        text_en="New: Saturday hours.") == 0  # fmt: skip
    with db.read() as s:
        rows = {r.address: r.payload for r in s.scalars(
            select(OutboxRow).where(OutboxRow.campaign.like("news:%")))}  # fmt: skip
    assert rows["telegram:42"]["text"] == "New: Saturday hours."
    assert rows["web:w4"]["text"] == "Neu: Sprechzeiten auch samstags."
    assert rows["web:w4"]["buttons"] == [
        {"title": "Neuigkeiten abbestellen", "payload": "/unsubscribe"}
    ]


def test_broadcast_cli(tmp_path, monkeypatch, capsys, city):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    monkeypatch.setenv("BUERGERBOT_CONFIG", str(BERLIN_CONFIG))
    assert main(["db", "upgrade"]) == 0
    text = tmp_path / "news.txt"
    text.write_text("Ab Montag gibt es längere Sprechzeiten.\n", encoding="utf-8")
    capsys.readouterr()
    args = ["staff", "broadcast", "--audience", "subscribers", "--text-file", str(text)]
    assert main([*args, "--dry-run"]) == 0
    assert "subscribers: 0 recipient(s)" in capsys.readouterr().out
    assert main([*args[:-2], "--text-file", str(tmp_path / "missing.txt")]) == 2
    assert "cannot read" in capsys.readouterr().err
