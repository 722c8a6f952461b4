"""Codes and link tokens on SQLite and PostgreSQL: right once, wrong counted, expiring, one
purpose, one live code per subject, and nothing but hashes in the table."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from office.verification import (
    BOOKING,
    CANCEL,
    MAX_ATTEMPTS,
    Expired,
    Unknown,
    Verified,
    WrongCode,
    typed_code,
)
from storage.models import VerificationRow
from storage.verification import Verifications
from tests.storage.support import berlin

NOW = berlin(2021, 9, 13, 8, 0)
TTL = timedelta(minutes=15)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def test_a_code_verifies_once_and_names_what_it_was_for(db):
    v = Verifications(db)
    issued = v.issue(BOOKING, "BB-1", NOW, TTL, address="a@example.org", sender="web:a")
    assert issued.code and len(issued.code) == 6 and issued.code.isdigit() and issued.token
    assert v.check_code(BOOKING, "BB-1", issued.code, NOW) == Verified(
        BOOKING, "BB-1", "a@example.org", "web:a"
    )
    assert v.check_code(BOOKING, "BB-1", issued.code, NOW) == Expired()  # used
    assert v.check_code(BOOKING, "BB-2", issued.code, NOW) == Unknown()
    assert v.redeem(BOOKING, issued.token, NOW) == Expired()  # the link shares the code's fate


def test_wrong_codes_are_counted_until_the_code_dies(db):
    v = Verifications(db)
    code = v.issue(BOOKING, "BB-1", NOW, TTL).code
    for left in range(MAX_ATTEMPTS - 1, 0, -1):
        assert v.check_code(BOOKING, "BB-1", wrong(code), NOW) == WrongCode(left)
    assert v.check_code(BOOKING, "BB-1", wrong(code), NOW) == Expired()
    assert v.check_code(BOOKING, "BB-1", code, NOW) == Expired()  # the right one, too late


def test_codes_and_links_expire_and_a_new_code_replaces_the_old(db):
    v = Verifications(db)
    first = v.issue(BOOKING, "BB-1", NOW, TTL)
    assert v.check_code(BOOKING, "BB-1", first.code, NOW + TTL) == Expired()
    assert v.redeem(BOOKING, first.token, NOW + TTL) == Expired()
    second = v.issue(BOOKING, "BB-1", NOW, TTL)
    assert v.redeem(BOOKING, first.token, NOW) == Expired()
    assert v.check_code(BOOKING, "BB-1", first.code, NOW) in (Expired(), WrongCode(4))
    assert isinstance(v.redeem(BOOKING, second.token, NOW), Verified)


def test_a_link_serves_its_own_purpose_only_and_a_look_does_not_use_it(db):
    v = Verifications(db)
    token = v.issue(CANCEL, "BB-1", NOW, TTL, code=False).token
    assert v.redeem(BOOKING, token, NOW) == Unknown()
    assert v.redeem(CANCEL, "forged", NOW) == Unknown()
    assert isinstance(v.redeem(CANCEL, token, NOW, use=False), Verified)
    assert isinstance(v.redeem(CANCEL, token, NOW), Verified)
    assert v.redeem(CANCEL, token, NOW) == Expired()


def test_only_hashes_are_stored(db):
    issued = Verifications(db).issue(BOOKING, "BB-1", NOW, TTL)
    with db.read() as s:
        row = s.scalars(select(VerificationRow)).one()
        stored = " ".join(str(v) for v in row.__dict__.values())
    assert issued.code not in stored and issued.token not in stored


def test_typed_codes():
    assert typed_code("123456") == "123456"
    assert typed_code(" 123 456 ") == "123456"
    assert typed_code("Code: 012-345") == "012345"
    assert typed_code("１２３４５６") == "123456"  # full-width digits
    assert typed_code("12345") is None
    assert typed_code("1234567") is None
    assert typed_code("am 15.09. um 10") is None
