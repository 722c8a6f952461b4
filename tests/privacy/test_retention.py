"""Retention that runs: the scheduled purge with an injected clock removes what is older than
each configured period and keeps what is newer; form data of an abandoned chat goes after
`form_minutes` (its language stays); one process purges at a time, even when a purge outlives
its lease (real PostgreSQL)."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
import time
from datetime import datetime, timedelta

import pytest
from sqlalchemy import insert, select, text

from bot.purge import PurgeSchedule
from office.booking import Booked
from office.lifecycle import Status
from storage.booking import BookingService
from storage.callbacks import CallbackStore
from storage.conversations import ConversationStore
from storage.models import (
    AuditRow,
    Base,
    Callback,
    Conversation,
    OutboxRow,
    WaitlistEntry,
    WaitlistOffer,
    WaitlistRelease,
)
from tests.storage.support import berlin

PERIODS = {"appointment_days": 10, "form_minutes": 20, "conversation_days": 5, "notice_days": 3}
NOW = berlin(2021, 10, 1, 12, 0)


@pytest.fixture
def short(city):
    """The city with a different period each, so none can stand in for another."""
    return dataclasses.replace(city, retention=dataclasses.replace(city.retention, **PERIODS))


def schedule(db, city, clock) -> PurgeSchedule:
    return PurgeSchedule(BookingService(db, city).retention, db, clock)


def outbox_row(db, key: str, at: datetime) -> None:
    with db.write() as s:
        s.execute(insert(OutboxRow), {
            "channel": "email", "address": f"{key}@example.org", "payload": {"text": key},
            "state": "delivered", "attempts": 1, "next_attempt_at": at, "dedupe_key": key,
            "created_at": at, "updated_at": at,
        })  # fmt: skip


def test_each_period_removes_what_is_older_and_keeps_what_is_newer(db, short):
    svc = BookingService(db, short)
    old_start, new_start = berlin(2021, 9, 21, 9, 0), berlin(2021, 9, 22, 9, 0)  # 10 d 3 h, 9 d
    old, new = (
        svc.book(start, "personalausweis", name, email=f"{name.lower()}@example.org",
                 sender=f"web:{name}", now=berlin(2021, 9, 13, 8, 0))
        for start, name in ((old_start, "Alt"), (new_start, "Neu"))
    )  # fmt: skip
    assert isinstance(old, Booked) and isinstance(new, Booked)
    chats = ConversationStore(db, PERIODS["form_minutes"])
    form = {"lang": "de", "form": "booking_form", "slots": {"name": "Erika Form"}}
    chats.save("web:abandoned", form, NOW - timedelta(minutes=21))
    chats.save("web:typing", form, NOW - timedelta(minutes=19))
    chats.save("web:old-chat", {"lang": "en"}, NOW - timedelta(days=5, minutes=1))
    chats.save("web:recent-chat", {"lang": "en"}, NOW - timedelta(days=4))
    callbacks = CallbackStore(db)
    callbacks.put("web:old-chat", ["/affirm"], NOW - timedelta(days=5, minutes=1))
    callbacks.put("web:recent-chat", ["/deny"], NOW - timedelta(days=4))
    outbox_row(db, "sent-long-ago", NOW - timedelta(days=3, minutes=1))
    outbox_row(db, "sent-lately", NOW - timedelta(days=2))

    report = schedule(db, short, lambda: NOW).tick()

    assert report is not None
    assert (report.appointments_anonymised, report.persons_deleted, report.forms_dropped) == (
        1,
        1,
        1,
    )
    assert svc.appointment(old.appointment.code).status is Status.PURGED
    assert svc.appointment(old.appointment.code).name is None
    assert svc.appointment(new.appointment.code).name == "Neu"
    assert chats.load("web:abandoned") == {"lang": "de", "form": None, "slots": {},
                                           "requested": None}  # fmt: skip
    assert chats.load("web:typing") == form
    assert chats.load("web:old-chat") is None and chats.load("web:recent-chat") == {"lang": "en"}
    with db.read() as s:
        assert s.scalars(select(Callback.payload)).all() == ["/deny"]
        assert s.scalars(select(OutboxRow.dedupe_key)).all() == ["sent-lately"]
        assert s.scalar(select(Conversation.form_expires_at).where(
            Conversation.sender == "web:abandoned")) is None  # fmt: skip
    later = schedule(db, short, lambda: NOW + timedelta(minutes=2)).tick()
    assert later is None  # another process holds the lease for this round


def test_ended_wishes_and_past_freed_seats_go_with_their_periods(db, short):
    """A wish that ended keeps its chat id only as long as a chat is kept; the record of a
    freed seat (and its offers) only as long as the appointment it was."""
    with db.write() as s:
        for holder, state, at in (
            ("telegram:ended-long-ago", "left", NOW - timedelta(days=5, minutes=1)),
            ("telegram:ended-lately", "booked", NOW - timedelta(days=4)),
            ("telegram:still-waiting", "waiting", NOW - timedelta(days=30)),
        ):
            s.execute(insert(WaitlistEntry), {
                "holder": holder, "service_id": "personalausweis", "first_day": NOW.date(),
                "last_day": NOW.date(), "state": state, "created_at": at, "updated_at": at,
                "ends_at": at, "holder_slot": 1 if state == "waiting" else None,
            })  # fmt: skip
        for unit, end in ((0, NOW - timedelta(days=10, minutes=1)), (1, NOW - timedelta(days=9))):
            s.execute(insert(WaitlistRelease), {
                "event_id": 1, "unit": unit, "service_id": "personalausweis",
                "slot_start": end - timedelta(minutes=15), "slot_end": end, "state": "rebooked",
                "freed_at": end, "updated_at": end,
            })  # fmt: skip
        entries = dict(s.execute(select(WaitlistEntry.holder, WaitlistEntry.id)).all())
        releases = s.scalars(select(WaitlistRelease.id).order_by(WaitlistRelease.unit)).all()
        holders = ("telegram:ended-lately", "telegram:ended-long-ago")
        for release, holder in zip(releases, holders, strict=True):
            s.execute(insert(WaitlistOffer), {
                "release_id": release, "entry_id": entries[holder], "hold_id": f"h{release}",
                "slot_start": NOW, "slot_end": NOW, "state": "accepted", "created_at": NOW,
                "expires_at": NOW,
            })  # fmt: skip

    assert schedule(db, short, lambda: NOW).tick() is not None

    with db.read() as s:
        assert sorted(s.scalars(select(WaitlistEntry.holder))) == [
            "telegram:ended-lately",
            "telegram:still-waiting",
        ]
        assert s.scalars(select(WaitlistRelease.unit)).all() == [1]
        assert s.scalars(select(WaitlistOffer.id)).all() == []  # old seat's, ended wish's


def test_an_abandoned_booking_in_the_chat_leaves_no_name_after_form_minutes(app_factory):
    """Through the real engine: a name typed into the booking form, then silence."""
    from bot.turn import Turn

    app = app_factory()
    start = berlin(2021, 9, 13, 8, 0)
    for said in ("Termin buchen", "Reisepass"):
        asyncio.run(app.engine.handle(Turn("web:gone", said, start)))
    with app.db.read() as s:
        before = s.scalar(select(Conversation.form_expires_at))
    assert before is not None
    minutes = app.city.retention.form_minutes
    assert before == start + timedelta(minutes=minutes)
    retention = app.services.booking.retention
    clock = [start + timedelta(minutes=minutes - 1)]
    purge = PurgeSchedule(retention, app.db, lambda: clock[0])
    assert purge.tick().forms_dropped == 0
    clock[0] = start + timedelta(minutes=minutes)
    purge = PurgeSchedule(retention, app.db, lambda: clock[0], holder=purge.holder)
    assert purge.tick().forms_dropped == 1
    state = app.services.conversations.load("web:gone")
    assert state["form"] is None and state["slots"] == {} and state["lang"] == "de"


def test_two_workers_take_turns_by_the_lease(db, short):
    clock = [NOW]
    a, b = (schedule(db, short, lambda: clock[0]) for _ in range(2))
    assert a.tick() is not None and b.tick() is None
    clock[0] += timedelta(seconds=a.every)  # a round later: a renews, b still waits
    assert b.tick() is None and a.tick() is not None
    clock[0] += timedelta(seconds=2 * a.every)  # a has died: its lease ran out
    assert b.tick() is not None and a.tick() is None
    with db.read() as s:
        purges = s.scalars(select(AuditRow.at).where(AuditRow.action == "retention")).all()
    assert len(purges) == 3


@pytest.fixture
def pg(migrated):
    database = migrated("postgres")
    with database.engine.begin() as c:
        for table in reversed(Base.metadata.sorted_tables):
            c.execute(table.delete())
    return database


@pytest.mark.postgres
def test_a_purge_that_outlives_its_lease_is_not_overlapped(pg, short):
    """A stalls inside its purge until its lease has run out; B, taking the lease over, waits
    on the lease row A holds locked and purges only after A has committed."""
    clock = [NOW]
    a, b = (schedule(pg, short, lambda: clock[0]) for _ in range(2))
    inside, go_on = threading.Event(), threading.Event()
    spans: dict[str, list[float]] = {"a": [], "b": []}
    for name, worker in (("a", a), ("b", b)):
        apply = worker.retention.lifecycle.apply

        def timed(*args, _name=name, _apply=apply, **kwargs):
            spans[_name].append(time.monotonic())
            if _name == "a":
                inside.set()
                go_on.wait(30)
            found = _apply(*args, **kwargs)
            spans[_name].append(time.monotonic())
            return found

        worker.retention.lifecycle.apply = timed  # type: ignore[method-assign]
    results = {}
    first = threading.Thread(target=lambda: results.setdefault("a", a.tick()))
    first.start()
    assert inside.wait(30)
    clock[0] += timedelta(seconds=3 * a.every)  # A's lease has run out meanwhile
    second = threading.Thread(target=lambda: results.setdefault("b", b.tick()))
    second.start()
    waiting_on_lock(pg)
    assert spans["b"] == []  # B is held at the lease row: it has not begun to purge
    go_on.set()
    first.join(30)
    second.join(30)
    assert results["a"] is not None and results["b"] is not None
    assert spans["a"][1] < spans["b"][0]


def waiting_on_lock(db, timeout: float = 30.0) -> None:
    """Until some session waits for a lock in a statement on the lease table."""
    deadline = time.monotonic() + timeout
    query = text(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE wait_event_type = 'Lock' AND query LIKE '%worker_leases%'"
    )
    while True:
        with db.engine.connect() as c:
            if c.execute(query).scalar():
                return
        assert time.monotonic() < deadline, "no session ever waited for the lease row"
        time.sleep(0.01)
