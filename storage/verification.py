"""One-time codes and link tokens in the database (see `office.verification`).

The functions take the caller's session, so a code is issued in the transaction that needs it
(a pending booking and the e-mail carrying its code commit together). `Verifications` wraps
them for callers without a transaction of their own. A wrong code is counted in a transaction
of its own (`Verifications.check_code`): rolling back the caller's work must not give an
attempt back.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, insert, select, update
from sqlalchemy.orm import Session

from office.elapsed import after
from office.verification import (
    MAX_ATTEMPTS,
    CheckOutcome,
    Expired,
    Issued,
    Unknown,
    Verified,
    WrongCode,
    code_hash,
    code_matches,
    new_code,
    new_salt,
    new_token,
    token_hash,
)
from storage.db import Database
from storage.models import VerificationRow

V = VerificationRow


def issue(
    s: Session,
    purpose: str,
    subject: str,
    now: datetime,
    ttl: timedelta,
    *,
    address: str | None = None,
    sender: str | None = None,
    code: bool = True,
    link: bool = True,
    replace: bool = True,
) -> Issued:
    """A new code and/or link token for `subject`; with `replace`, earlier live ones for the
    same purpose and subject stop working (a code asked for again is the only valid one)."""
    if replace:
        revoke(s, purpose, subject, now)
    plain_code = new_code() if code else None
    token = new_token() if link else None
    salt = new_salt() if plain_code else None
    s.execute(
        insert(V).values(
            purpose=purpose,
            subject=subject,
            address=address,
            sender=sender,
            code_salt=salt,
            code_hash=code_hash(plain_code, salt) if plain_code and salt else None,
            token_hash=token_hash(token) if token else None,
            attempts=0,
            created_at=now,
            expires_at=after(now, ttl),
        )
    )
    return Issued(plain_code, token, after(now, ttl))


def revoke(s: Session, purpose: str, subject: str, now: datetime) -> int:
    """End every live secret of `purpose` for `subject` (the booking ended, a newer code)."""
    result = s.execute(
        update(V)
        .where(V.purpose == purpose, V.subject == subject, V.used_at.is_(None))
        .values(used_at=now)
    )
    return cast(CursorResult[Any], result).rowcount


def check_code(s: Session, purpose: str, subject: str, code: str, now: datetime) -> CheckOutcome:
    """Redeem the live code of `purpose` for `subject`: Verified once, WrongCode (counted),
    Expired (past its time, out of attempts, or used), or Unknown (none was issued)."""
    row = s.scalars(
        select(V)
        .where(V.purpose == purpose, V.subject == subject, V.code_hash.is_not(None))
        .order_by(V.id.desc())
        .limit(1)
        .with_for_update()
    ).first()
    if row is None:
        return Unknown()
    if row.used_at is not None or row.expires_at <= now or row.attempts >= MAX_ATTEMPTS:
        return Expired()
    assert row.code_salt is not None and row.code_hash is not None
    if not code_matches(code, row.code_salt, row.code_hash):
        row.attempts += 1
        if row.attempts >= MAX_ATTEMPTS:
            row.used_at = now
            return Expired()
        return WrongCode(MAX_ATTEMPTS - row.attempts)
    row.used_at = now
    return _verified(row)


def redeem(
    s: Session, purpose: str, token: str, now: datetime, *, use: bool = True
) -> CheckOutcome:
    """The link token of `purpose`: Verified (and used up, unless `use` is False: a GET page
    that only shows what the POST would do), Expired, or Unknown."""
    query = select(V).where(V.token_hash == token_hash(token), V.purpose == purpose)
    row = s.scalars(query.with_for_update() if use else query).first()
    if row is None:
        return Unknown()
    if row.used_at is not None or row.expires_at <= now:
        return Expired()
    if use:
        row.used_at = now
    return _verified(row)


def _verified(row: VerificationRow) -> Verified:
    return Verified(row.purpose, row.subject, row.address, row.sender)


class Verifications:
    """The same, each call one transaction."""

    def __init__(self, db: Database):
        self.db = db

    def issue(self, purpose: str, subject: str, now: datetime, ttl: timedelta, **kw) -> Issued:
        with self.db.write() as s:
            return issue(s, purpose, subject, now, ttl, **kw)

    def check_code(self, purpose: str, subject: str, code: str, now: datetime) -> CheckOutcome:
        with self.db.write() as s:
            return check_code(s, purpose, subject, code, now)

    def redeem(self, purpose: str, token: str, now: datetime, *, use: bool = True) -> CheckOutcome:
        with self.db.write() as s:
            return redeem(s, purpose, token, now, use=use)

    def revoke(self, purpose: str, subject: str, now: datetime) -> int:
        with self.db.write() as s:
            return revoke(s, purpose, subject, now)
