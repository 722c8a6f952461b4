"""office.identity: which keys a proof links and a booking counts against, the union plan, and
the per-person count."""

from __future__ import annotations

from office.identity import (
    Counted,
    Merge,
    booking_keys,
    chat_key,
    over_limit,
    plan_union,
    proven_together,
)

E = "email:anna@example.org"


def test_only_a_telegram_chat_is_a_key_of_its_own():
    assert chat_key("telegram:4711") == "telegram:4711"
    assert chat_key("web:3f2a") is None  # a conversation id the client chooses
    assert chat_key("cli:local") is None
    assert chat_key(None) is None


def test_a_proof_links_the_mailbox_with_a_telegram_chat_only():
    assert proven_together(E, "telegram:1") == (E, "telegram:1")
    assert proven_together(E, "web:a") == (E,)


def test_a_booking_counts_against_its_contact_and_its_telegram_chat():
    assert booking_keys("phone:+491715550101", "telegram:1") == (
        "phone:+491715550101",
        "telegram:1",
    )
    assert booking_keys(E, "web:a") == (E,)


def test_plan_union_keeps_the_oldest_person_and_folds_the_others_in():
    assert plan_union({E: None, "telegram:1": None}) == Merge(
        None, frozenset(), frozenset({E, "telegram:1"})
    )
    assert plan_union({E: 7, "telegram:1": None}) == Merge(
        7, frozenset(), frozenset({"telegram:1"})
    )
    assert plan_union({E: 7, "telegram:1": 3}) == Merge(3, frozenset({7}), frozenset())
    assert plan_union({E: 3, "telegram:1": 3}) is None  # one person already
    assert plan_union({E: None}) is None  # one key alone is no link


def test_over_limit_counts_every_key_of_a_person_once():
    keys = {1: frozenset({E, "telegram:1"}), 2: frozenset({"telegram:2", "email:b@x.org"})}
    by_chat = Counted(10, "phone:+491715550101", "telegram:1")
    by_mail = Counted(11, E, "web:a")
    assert over_limit(keys, [by_chat], 1) == (1, [by_chat])
    assert over_limit(keys, [by_chat, by_mail], 2) == (1, [by_chat, by_mail])
    assert over_limit(keys, [by_chat], 2) is None
    assert over_limit(keys, [Counted(12, E, "telegram:1")], 2) is None  # one appointment, two keys
    assert over_limit({}, [by_chat], 1) is None
