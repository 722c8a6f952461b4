"""Erasure and access, on SQLite and PostgreSQL: after a person's erasure no table holds their
name, contact, chat or codes (searched column by column over the models' metadata), the
seats their future appointments held are free and announced, others' data is untouched; the
staff commands show a dry run first and erase only with --yes."""

from __future__ import annotations

import json
from datetime import UTC, timedelta

import pytest
from sqlalchemy import func, insert, select

from bot.cli import main
from office.booking import Booked
from office.lifecycle import SeatFreed, Status
from office.waitlist import Wish
from storage.booking import BookingService
from storage.broadcast import Subscriptions
from storage.callbacks import CallbackStore
from storage.chats import ChatStatusStore
from storage.conversations import ConversationStore
from storage.erasure import PLACEHOLDER, Erasure, Request
from storage.events import EventLog
from storage.models import AuditRow, Base, Counter, OutboxRow, Seat
from storage.waitlist import Joined, Waitlist
from tests.privacy.test_logs import product_logging
from tests.storage.support import BERLIN_CONFIG, berlin, verified_booking

MON = berlin(2021, 9, 13, 8, 0)
TUE_9 = berlin(2021, 9, 14, 9, 0)
NEXT_TUE_9 = berlin(2021, 9, 21, 9, 0)
ANNA = {
    "name": "Anna Geheimnis",
    "email": "anna.geheimnis+amt@example.org",
    "phone": "+49 171 5550123",
}
ANNA_SENDERS = ("telegram:4711", "web:anna-widget")


def stored_text(db) -> list[str]:
    """Every value of every column of every table, as text."""
    found = []
    with db.read() as s:
        for table in Base.metadata.sorted_tables:
            for row in s.execute(select(table)):
                for value in row:
                    if value is not None:
                        found.append(
                            json.dumps(value, ensure_ascii=False)
                            if isinstance(value, dict | list)
                            else str(value)
                        )
    return found


def seed(db, city) -> dict[str, set[str]]:
    """Anna: a past appointment she missed, a future one from another chat, a hold, a form
    half-filled, buttons, news, a notice, a rate-limit window; Bruno: one appointment."""
    svc = BookingService(db, city)
    first = svc.book(TUE_9, "personalausweis", ANNA["name"], email=ANNA["email"],
                     phone=ANNA["phone"], sender=ANNA_SENDERS[0], now=MON)  # fmt: skip
    assert isinstance(first, Booked)
    svc.mark_no_show(first.appointment.code, "staff:anna", TUE_9 + timedelta(hours=1))
    second = verified_booking(svc, NEXT_TUE_9, "personalausweis", ANNA["name"],
                              email="Anna.Geheimnis@Example.org", sender=ANNA_SENDERS[1],
                              now=TUE_9 + timedelta(days=1))  # fmt: skip
    assert isinstance(second, Booked)
    bruno = svc.book(NEXT_TUE_9, "personalausweis", "Bruno Bleibt", email="bruno@example.org",
                     sender="telegram:99", now=TUE_9 + timedelta(days=1))  # fmt: skip
    assert isinstance(bruno, Booked)
    later = TUE_9 + timedelta(days=1)
    svc.hold("personalausweis", berlin(2021, 9, 22, 9, 0), ANNA_SENDERS[0], later)
    ConversationStore(db).save(
        ANNA_SENDERS[0], {"form": "booking_form", "slots": {"email": ANNA["email"]}}, later
    )
    ConversationStore(db).save(  # a chat that never booked, but typed her phone number
        "web:stranger", {"form": "booking_form", "slots": {"phone": ANNA["phone"]}}, later
    )
    CallbackStore(db).put(
        ANNA_SENDERS[0], [f'/cancel{{"code": "{second.appointment.code}"}}'], later
    )
    Subscriptions(db).subscribe(ANNA_SENDERS[0], "de", later)
    wish = Wish("personalausweis", 1, later.date(), later.date() + timedelta(days=5))
    waiting = Waitlist(db, city, svc).join(ANNA_SENDERS[1], wish, later, name=ANNA["name"],
                                           email=ANNA["email"])  # fmt: skip
    assert isinstance(waiting, Joined)
    ChatStatusStore(db).mark_undeliverable(ANNA_SENDERS[1], later)
    with db.write() as s:
        s.execute(insert(Counter), {"key": f"LIMITER/sender/{ANNA_SENDERS[1]}/20/60/second",
                                    "count": 1, "expires_at": 1e12})  # fmt: skip
        s.execute(insert(OutboxRow), {
            "channel": "email", "address": ANNA["email"], "payload": {"text": ANNA["name"]},
            "state": "delivered", "attempts": 1, "next_attempt_at": later,
            "dedupe_key": f"confirm:{second.appointment.code}", "created_at": later,
            "updated_at": later,
        })  # fmt: skip
    return {
        "anna": {ANNA["name"], "Geheimnis", ANNA["email"], "anna.geheimnis", "5550123",
                 first.appointment.code, second.appointment.code, *ANNA_SENDERS},
        "bruno": {"Bruno Bleibt", "bruno@example.org", bruno.appointment.code, "telegram:99"},
    }  # fmt: skip


@pytest.mark.parametrize(
    "request_",
    [
        Request(email="ANNA.GEHEIMNIS@example.org"),
        Request(phone="0171 5550123"),
        Request(sender="telegram:4711"),
    ],  # fmt: skip
    ids=["email", "phone", "sender"],
)
def test_after_erasure_no_table_and_no_log_line_names_her(db, city, request_):
    secrets = seed(db, city)
    text = "\n".join(stored_text(db))
    assert all(x in text for x in secrets["anna"] | secrets["bruno"])
    erasure = Erasure(db, city, BookingService(db, city).lifecycle)
    now = TUE_9 + timedelta(days=2)
    with product_logging() as log:
        scope, dry = erasure.dry_run(request_, now)
        assert not dry.done and dry.counts["persons"] == 1 and dry.counts["appointments"] == 2
        assert dry.cancelled == 1
        assert "\n".join(stored_text(db)) == text  # the dry run changed nothing
        done = erasure.erase(request_, "staff:test", now)
    assert done.done and done.cancelled == 1 and done.counts == dry.counts
    text = "\n".join(stored_text(db))
    for secret in secrets["anna"]:
        assert secret not in text, secret
        assert secret not in log.getvalue(), secret
    for kept in secrets["bruno"]:
        assert kept in text, kept
    assert erasure.dry_run(request_, now)[1].total == 0


def test_her_future_seat_is_freed_through_the_life_cycle_and_the_record_stays(db, city):
    seed(db, city)
    svc = BookingService(db, city)
    erasure = Erasure(db, city, svc.lifecycle)
    now = TUE_9 + timedelta(days=2)
    with db.read() as s:
        seats_before = s.scalar(select(func.count()).select_from(Seat))
    erasure.erase(Request(email=ANNA["email"]), "staff:test", now)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Seat)) < seats_before
    freed = [e.event for e in EventLog(db).pending("test") if isinstance(e.event, SeatFreed)]
    assert [(f.slot_start, f.cause) for f in freed] == [
        (NEXT_TUE_9.astimezone(UTC), "cancel_by_citizen")
    ]
    with db.read() as s:
        actions = [(r.action, r.appointment_code) for r in s.scalars(select(AuditRow))]
    erased = [code for action, code in actions if action in ("purge", "cancel_by_citizen")]
    assert len(erased) == 3 and all(c.startswith(PLACEHOLDER) for c in erased)
    assert len({c for c in erased}) == 2  # one placeholder per appointment, shared by its rows
    assert ("erasure", None) in actions
    statuses = [a.status for a in svc.day_list(NEXT_TUE_9.date(), include_cancelled=True)]
    assert statuses.count(Status.PURGED) == 1 and statuses.count(Status.BOOKED) == 1


def test_export_holds_her_rows_and_no_one_elses(db, city):
    secrets = seed(db, city)
    erasure = Erasure(db, city, BookingService(db, city).lifecycle)
    assert erasure.export(Request(code="BB-ZZZZZ")) == {}  # an unknown code finds nobody
    found = erasure.export(Request(email=ANNA["email"]))
    text = json.dumps(found, ensure_ascii=False)
    assert {"persons", "accounts", "appointments", "no_shows", "conversations", "outbox",
            "subscribers", "callbacks", "holds", "audit", "events"} <= set(found)  # fmt: skip
    assert all(x in text for x in (ANNA["name"], ANNA["email"], *ANNA_SENDERS))
    assert not any(x in text for x in secrets["bruno"])
    assert "cancel_token" not in text


def test_staff_erase_shows_a_dry_run_and_erases_with_yes(tmp_path, monkeypatch, capsys, city):
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("BUERGERBOT_CONFIG", str(BERLIN_CONFIG))
    assert main(["db", "upgrade"]) == 0
    from storage.db import open_database

    db = open_database(url)
    secrets = seed(db, city)
    code = next(c for c in secrets["anna"] if c.startswith("BB-"))
    capsys.readouterr()
    assert main(["staff", "export", "--code", code.lower()]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported["persons"][0]["email"] == "anna.geheimnis@example.org"  # the latest spelling
    assert main(["staff", "erase", "--code", code]) == 0
    out = capsys.readouterr().out
    assert "person: Anna Geheimnis" in out and "appointments 2" in out and "--yes" in out
    assert ANNA["name"] in "\n".join(stored_text(db))
    assert main(["staff", "erase", "--code", code, "--yes", "--now", "2021-09-16T08:00"]) == 0
    assert "persons 1" in capsys.readouterr().out
    assert ANNA["name"] not in "\n".join(stored_text(db))
    assert main(["staff", "erase", "--email", ANNA["email"]]) == 2
    assert "nobody found" in capsys.readouterr().err
    db.dispose()
