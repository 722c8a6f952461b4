"""Pure booking rules: names, appointment codes, the no-show policy."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from office.booking import (
    CODE_ALPHABET,
    blocked_until,
    clean_name,
    new_code,
    normalize_code,
)
from office.city import NoShowRule
from tests.storage.support import berlin


def test_names_are_tidied_and_bounded():
    assert clean_name("  Anna   Muster ") == "Anna Muster"
    assert clean_name("   ") is None and clean_name(None) is None and clean_name("x" * 121) is None


def test_codes_come_from_the_injected_random_and_read_aloud_unambiguously():
    a, b = new_code("BB", random.Random(7)), new_code("BB", random.Random(7))
    assert a == b and a.startswith("BB-") and len(a) == 8
    assert all(c in CODE_ALPHABET for c in a[3:])
    assert not set("01ILOU") & set(CODE_ALPHABET)
    codes = {new_code("BB", random.Random(i)) for i in range(2000)}
    assert len(codes) == 2000


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("BB-7K3QX", "BB-7K3QX"),
        ("bb 7k3qx", "BB-7K3QX"),
        (" 7K3QX ", "BB-7K3QX"),
        ("bb-7k3-qx", "BB-7K3QX"),
        ("BB-7K3Q", None),
        ("BB-7K3QO", None),  # O is not in the alphabet
        ("hello", None),
        ("", None),
    ],
)
def test_codes_typed_by_people_are_understood(text, code):
    assert normalize_code(text, "BB") == code


RULE = NoShowRule(count=2, within_days=180, block_days=60)


def test_two_no_shows_within_180_days_block_for_60_days():
    first, second = berlin(2021, 9, 14, 9, 0), berlin(2022, 3, 1, 9, 0)
    until = second + timedelta(days=60)
    assert blocked_until([first, second], RULE, second) == until
    assert blocked_until([second, first], RULE, until - timedelta(minutes=1)) == until
    assert blocked_until([first, second], RULE, until) is None


def test_no_shows_further_apart_or_alone_do_not_block():
    first = berlin(2021, 9, 14, 9, 0)
    assert blocked_until([first], RULE, first) is None
    assert (
        blocked_until([first, first + timedelta(days=181)], RULE, first + timedelta(days=181))
        is None
    )
    three = NoShowRule(count=3, within_days=180, block_days=60)
    two = [first, first + timedelta(days=10)]
    assert blocked_until(two, three, first + timedelta(days=10)) is None
    assert blocked_until([*two, first + timedelta(days=20)], three, first + timedelta(days=20))
