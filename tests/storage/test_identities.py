"""A person is the union of their proven keys, on SQLite and PostgreSQL: a Telegram chat and the
mailbox it proved are one person for the limit, across chats and channels, also when two
bookings under two keys race; typed contacts link nothing; erasure and retention drop links."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlalchemy import func, select

from office.booking import Blocked, Booked, Cancelled, LimitReached
from storage.booking import BookingService
from storage.erasure import Erasure, Request
from storage.models import Identity, IdentityKey, OutboxRow
from tests.storage.support import berlin, link_in, verified_booking
from tests.storage.test_races import race

NOW = berlin(2021, 9, 13, 8, 0)
TUE_9 = berlin(2021, 9, 14, 9, 0)
WED_9 = berlin(2021, 9, 15, 9, 0)
FRI_8 = berlin(2021, 9, 17, 8, 0)
SERVICE = "personalausweis"


def prove_in_chat(svc: BookingService, chat: str, email: str, start=FRI_8, now=NOW) -> None:
    """The chat books with `email`, opens the e-mail's link that proves it, then cancels: the
    chat and the mailbox are proven together and nothing is left booked."""
    booked = svc.book(start, SERVICE, "Anna", email=email, sender=chat, now=now, check_email=True)
    assert isinstance(booked, Booked), booked
    with svc.db.read() as s:
        text = s.scalars(
            select(OutboxRow.payload["text"].as_string())
            .where(OutboxRow.dedupe_key.startswith(f"email_check:{chat}:"))
            .order_by(OutboxRow.id.desc())
        ).first()
    assert text
    assert svc.verify_email_link(link_in(text, "/email/bestaetigen/"), now)
    cancelled = svc.cancel(booked.appointment.code, "citizen", now, by_person=chat)
    assert isinstance(cancelled, Cancelled)


def keys_of(db) -> dict[str, int]:
    with db.read() as s:
        return dict(s.execute(select(IdentityKey.key, IdentityKey.identity_id)).tuples().all())


def test_telegram_by_phone_then_web_by_the_proven_mailbox_is_one_appointment(db, city):
    svc = BookingService(db, city)
    prove_in_chat(svc, "telegram:1", "anna@example.org")
    by_phone = svc.book(TUE_9, SERVICE, "Anna", phone="0171 5550101", sender="telegram:1", now=NOW)
    assert isinstance(by_phone, Booked)
    web = svc.book(WED_9, SERVICE, "Anna", email="Anna@Example.org", sender="web:a", now=NOW,
                   pending=True)  # fmt: skip
    assert isinstance(web, LimitReached) and not web.own  # the web chat proved nothing yet
    assert web.existing.code == by_phone.appointment.code
    again = svc.book(WED_9, SERVICE, "Anna", phone="0171 5550102", sender="telegram:1", now=NOW)
    assert isinstance(again, LimitReached) and again.own


def test_a_web_booking_first_blocks_the_telegram_chat_that_proved_its_mailbox(db, city):
    svc = BookingService(db, city)
    prove_in_chat(svc, "telegram:1", "anna@example.org")
    web = verified_booking(svc, TUE_9, SERVICE, "Anna", email="anna@example.org",
                           sender="web:a", now=NOW)  # fmt: skip
    phone = svc.book(WED_9, SERVICE, "Anna", phone="0171 5550101", sender="telegram:1", now=NOW)
    assert isinstance(phone, LimitReached) and phone.own
    assert phone.existing.code == web.appointment.code
    held = svc.hold(SERVICE, WED_9, "telegram:1", NOW)  # nor can the chat hold a seat
    assert isinstance(held, LimitReached)


def test_one_mailbox_proven_from_two_chats_makes_the_chats_one_person(db, city):
    svc = BookingService(db, city)
    prove_in_chat(svc, "telegram:1", "anna@example.org")
    prove_in_chat(svc, "telegram:2", "anna@example.org", start=WED_9)
    first = svc.book(TUE_9, SERVICE, "Anna", phone="0171 5550101", sender="telegram:1", now=NOW)
    second = svc.book(WED_9, SERVICE, "Anna", phone="0171 5550102", sender="telegram:2", now=NOW)
    assert isinstance(first, Booked)
    assert isinstance(second, LimitReached) and second.own
    found = keys_of(db)
    assert set(found) == {"telegram:1", "telegram:2", "email:anna@example.org"}
    assert len(set(found.values())) == 1


def test_two_persons_merge_when_one_chat_proves_the_other_mailbox(db, city):
    svc = BookingService(db, city)
    prove_in_chat(svc, "telegram:1", "anna@example.org")
    prove_in_chat(svc, "telegram:2", "bert@example.org", start=WED_9)
    assert len(set(keys_of(db).values())) == 2
    prove_in_chat(svc, "telegram:1", "bert@example.org", now=NOW + timedelta(minutes=1))
    found = keys_of(db)
    assert len(found) == 4 and len(set(found.values())) == 1
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Identity)) == 1
    svc.book(TUE_9, SERVICE, "Bert", phone="0171 5550102", sender="telegram:2", now=NOW)
    web = svc.book(WED_9, SERVICE, "Anna", email="anna@example.org", sender="web:a", now=NOW,
                   pending=True)  # fmt: skip
    assert isinstance(web, LimitReached)


def test_typed_contacts_link_nobody(db, city):
    """Only proofs link: an unproven phone number or a typed address never merges persons,
    so nobody can lock a victim out by booking with the victim's contact beside their own."""
    svc = BookingService(db, city)
    # the attacker proves their own mailbox and gives the victim's phone number with it
    prove_in_chat(svc, "telegram:666", "mallory@example.org")
    attack = svc.book(TUE_9, SERVICE, "M", email="mallory@example.org", phone="0171 5550199",
                      sender="telegram:666", now=NOW)  # fmt: skip
    assert isinstance(attack, Booked)
    # and types the victim's address in another booking, never proving it
    svc.book(FRI_8, SERVICE, "M", email="vera@example.org", sender="telegram:667", now=NOW,
             check_email=True)  # fmt: skip
    assert set(keys_of(db)) == {"telegram:666", "email:mallory@example.org"}
    victim = svc.book(WED_9, SERVICE, "Vera", phone="0171 5550199", sender="telegram:9", now=NOW)
    assert isinstance(victim, Booked)


def test_bookings_under_two_keys_of_one_person_race_and_one_wins(db, city):
    svc = BookingService(db, city)
    persons = 8
    for i in range(persons):
        prove_in_chat(
            svc, f"telegram:{i}", f"p{i}@example.org", start=FRI_8 + timedelta(minutes=15 * i)
        )

    def attempt(k: int):
        i, by_web = divmod(k, 2)
        start = (TUE_9 if k < 8 else WED_9) + timedelta(minutes=15 * (k % 8))
        if by_web:
            return i, svc.book(start, SERVICE, "P", email=f"p{i}@example.org",
                               sender=f"web:{i}", now=NOW, pending=True)  # fmt: skip
        return i, svc.book(start, SERVICE, "P", phone=f"0171 55501{i:02d}",
                           sender=f"telegram:{i}", now=NOW)  # fmt: skip

    results = race(2 * persons, attempt)
    per_person = Counter(i for i, r in results if isinstance(r, Booked))
    assert per_person == {i: 1 for i in range(persons)}
    assert Counter(type(r) for _, r in results) == {Booked: persons, LimitReached: persons}


def test_links_race_into_one_person(db, city):
    svc = BookingService(db, city)
    for i in range(6):  # six chats each book (and cancel) with one mailbox, asked to prove it
        chat = f"telegram:{i}"
        booked = svc.book(TUE_9, SERVICE, "A", email="anna@example.org", sender=chat, now=NOW,
                          check_email=True)  # fmt: skip
        svc.cancel(booked.appointment.code, "citizen", NOW, by_person=chat)
    with db.read() as s:
        texts = list(
            s.scalars(
                select(OutboxRow.payload["text"].as_string()).where(
                    OutboxRow.dedupe_key.startswith("email_check:")
                )
            )
        )
    tokens = [link_in(t, "/email/bestaetigen/") for t in texts]
    assert all(race(len(tokens), lambda i: svc.verify_email_link(tokens[i], NOW)))
    found = keys_of(db)
    assert len(found) == 7 and len(set(found.values())) == 1
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Identity)) == 1


def test_erasure_and_retention_drop_the_links(db, city):
    svc = BookingService(db, city)
    prove_in_chat(svc, "telegram:1", "anna@example.org")
    prove_in_chat(svc, "telegram:2", "bert@example.org")
    erasure = Erasure(db, city, svc.lifecycle)
    assert erasure.export(Request(sender="telegram:1"))["identity_keys"]
    erasure.erase(Request(email="anna@example.org"), "staff:1", NOW)
    assert set(keys_of(db)) == {"telegram:2", "email:bert@example.org"}
    svc.purge(NOW + timedelta(days=400))
    assert keys_of(db) == {}
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Identity)) == 0


def test_no_shows_under_one_key_block_the_person_under_every_key(db, city):
    svc = BookingService(db, city)
    prove_in_chat(svc, "telegram:1", "anna@example.org")
    after = berlin(2021, 9, 17, 10, 0)
    for start, now in ((TUE_9, NOW), (FRI_8, berlin(2021, 9, 14, 10, 0))):
        booked = svc.book(start, SERVICE, "Anna", phone="0171 5550101", sender="telegram:1",
                          now=now)  # fmt: skip
        svc.mark_no_show(booked.appointment.code, "staff:1", after)
    web = svc.book(berlin(2021, 9, 21, 9, 0), SERVICE, "Anna", email="anna@example.org",
                   sender="web:a", now=after, pending=True)  # fmt: skip
    assert web == Blocked(FRI_8 + timedelta(days=60))
    other = svc.book(berlin(2021, 9, 21, 9, 0), SERVICE, "Bert", email="bert@example.org",
                     sender="web:b", now=after, pending=True)  # fmt: skip
    assert isinstance(other, Booked)
