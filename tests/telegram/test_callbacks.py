"""Server-side button payloads: one claim per keyboard, nothing for strangers or latecomers."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.callbacks import Choice, ClaimStatus, MemoryCallbackStore
from bot.telegram import chunks, split_command

NOW = datetime(2021, 9, 15, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
YES, NO = Choice("Ja", "/affirm"), Choice("Nein", "/deny")


def test_a_keyboard_is_claimed_once() -> None:
    store = MemoryCallbackStore()
    yes, no = store.issue("telegram:1", [YES, NO], NOW)
    assert len(yes) <= 64 and yes != no
    assert store.claim("telegram:1", yes, NOW).choice == YES
    assert store.claim("telegram:1", yes, NOW).status is ClaimStatus.USED
    assert store.claim("telegram:1", no, NOW).status is ClaimStatus.USED


def test_keyboards_are_independent() -> None:
    store = MemoryCallbackStore()
    (first,) = store.issue("telegram:1", [YES], NOW)
    (second,) = store.issue("telegram:1", [NO], NOW)
    assert store.claim("telegram:1", first, NOW).status is ClaimStatus.OK
    assert store.claim("telegram:1", second, NOW).choice == NO


def test_unknown_foreign_and_expired_ids_are_invalid() -> None:
    store = MemoryCallbackStore(ttl=timedelta(hours=1))
    (key,) = store.issue("telegram:1", [YES], NOW)
    assert store.claim("telegram:1", "made-up", NOW).status is ClaimStatus.INVALID
    assert store.claim("telegram:2", key, NOW).status is ClaimStatus.INVALID
    assert store.claim("telegram:1", key, NOW + timedelta(hours=1)).status is ClaimStatus.INVALID
    # and the foreign attempt did not use the keyboard up for its owner
    assert store.claim("telegram:1", key, NOW).status is ClaimStatus.OK


def test_expired_entries_are_forgotten() -> None:
    store = MemoryCallbackStore(ttl=timedelta(minutes=5))
    store.issue("telegram:1", [YES, NO], NOW)
    store.issue("telegram:1", [YES], NOW + timedelta(minutes=10))
    assert len(store._entries) == 1


def test_commands_are_split_and_other_bots_ignored() -> None:
    assert split_command("/tagesliste 15.09.2021", "MyBot") == ("tagesliste", "15.09.2021")
    assert split_command("/Termin@MyBot", "MyBot") == ("termin", "")
    assert split_command("/termin@OtherBot", "MyBot") is None
    assert split_command("Termin bitte", "MyBot") is None


def test_long_texts_are_split_between_lines() -> None:
    text = "\n".join(f"Zeile {i:04d}" for i in range(1000))  # 10,999 characters
    parts = chunks(text)
    assert all(len(p) <= 4096 for p in parts) and len(parts) == 3
    assert "\n".join(parts) == text
    assert chunks("x" * 5000) == ["x" * 4096, "x" * 904]
    assert chunks("") == []
