"""Staff accounts: passwords (argon2), browser sessions, sign-in lock-out, Telegram links.

Everything that must hold across worker processes is in the database: a lock-out, the failed
sign-ins counted per client address (by its hash, for the window only), a session, a pending
link code. Secrets (session tokens, link codes) are stored only as hashes, so a copy of the
database signs nobody in.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from office.elapsed import after, before
from storage import audit
from storage.db import Database
from storage.models import StaffLoginFailure, StaffSession, StaffUser

ROLES = ("clerk", "supervisor")
MIN_PASSWORD = 10
LINK_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a screen, typed
LINK_LENGTH = 8


@dataclass(frozen=True)
class StaffMember:
    id: int
    name: str
    role: str
    telegram_sender: str | None = None

    @property
    def actor(self) -> str:
        """How the audit log names them."""
        return f"staff:{self.name}"

    @property
    def is_supervisor(self) -> bool:
        return self.role == "supervisor"


@dataclass(frozen=True)
class SignedIn:
    member: StaffMember
    token: str  # for the cookie; only its hash is stored
    csrf: str


@dataclass(frozen=True)
class Refused:
    reason: str  # invalid, locked, throttled
    until: datetime | None = None


@dataclass(frozen=True)
class Policy:
    """Lock an account after `max_failures` wrong passwords in a row for `lock`; refuse a client
    address after `client_limit` failures within `client_window` (whatever names it tries)."""

    max_failures: int = 5
    lock: timedelta = timedelta(minutes=15)
    client_limit: int = 20
    client_window: timedelta = timedelta(minutes=15)
    session: timedelta = timedelta(hours=12)  # a working day at the counter
    link_code: timedelta = timedelta(minutes=15)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _audit(s: Session, now: datetime, actor: str, action: str, detail: str | None = None) -> None:
    audit.record(s, now, actor, action, detail=detail)


def _member(row: StaffUser) -> StaffMember:
    return StaffMember(row.id, row.name, row.role, row.telegram_sender)


class StaffAccounts:
    def __init__(
        self, db: Database, policy: Policy | None = None, hasher: PasswordHasher | None = None
    ):
        self.db = db
        self.policy = policy or Policy()
        self.hasher = hasher or PasswordHasher()

    @functools.cached_property
    def _decoy(self) -> str:
        """Verified against when the name is unknown, so a wrong name costs as long as a wrong
        password and the timing does not tell which names exist. Made on first use: a hash
        takes a good part of a second on purpose, and most commands never sign anyone in."""
        return self.hasher.hash(secrets.token_hex(16))

    # Accounts

    def add(self, name: str, role: str, password: str, now: datetime) -> StaffMember:
        """ValueError for a taken name, an unknown role or a short password."""
        name = name.strip()
        if not name or len(name) > 64 or any(c.isspace() for c in name):
            raise ValueError("a name is 1 to 64 characters without spaces")
        if role not in ROLES:
            raise ValueError(f"the role is one of {', '.join(ROLES)}")
        if len(password) < MIN_PASSWORD:
            raise ValueError(f"a password has at least {MIN_PASSWORD} characters")
        row = StaffUser(name=name, role=role, password_hash=self.hasher.hash(password),
                        failed_logins=0, created_at=now)  # fmt: skip
        try:
            with self.db.write() as s:
                s.add(row)
                s.flush()
                member = _member(row)
        except IntegrityError:
            raise ValueError(f"there is already an account {name!r}") from None
        return member

    def members(self) -> list[tuple[StaffMember, bool]]:
        """Every account with whether it is active, by name."""
        with self.db.read() as s:
            rows = s.scalars(select(StaffUser).order_by(StaffUser.name))
            return [(_member(r), r.disabled_at is None) for r in rows]

    def set_role(self, member_id: int, role: str) -> bool:
        if role not in ROLES:
            raise ValueError(f"the role is one of {', '.join(ROLES)}")
        with self.db.write() as s:
            row = s.get(StaffUser, member_id)
            if row is None:
                return False
            row.role = role
            return True

    def set_active(self, member_id: int, active: bool, now: datetime) -> bool:
        """Disabling ends the account's sessions and unlinks nothing: re-enabling restores it."""
        with self.db.write() as s:
            row = s.get(StaffUser, member_id)
            if row is None:
                return False
            row.disabled_at = None if active else now
            row.failed_logins, row.locked_until = 0, None
            if not active:
                s.execute(delete(StaffSession).where(StaffSession.user_id == member_id))
            return True

    # Sign-in

    def sign_in(self, name: str, password: str, client: str, now: datetime) -> SignedIn | Refused:
        """Check the password, counting failures per account and per client address."""
        p = self.policy
        client = _hash(client)  # counted, never stored as the address itself
        with self.db.write() as s:
            # Failures count for `client_window` only; nothing older is kept.
            s.execute(
                delete(StaffLoginFailure).where(
                    StaffLoginFailure.at <= before(now, p.client_window)
                )
            )
            recent = s.scalar(
                select(func.count())
                .select_from(StaffLoginFailure)
                .where(
                    StaffLoginFailure.client == client,
                    StaffLoginFailure.at > before(now, p.client_window),
                )  # fmt: skip
            )
            if (recent or 0) >= p.client_limit:
                _audit(s, now, "anonymous", "staff_login_throttled")
                return Refused("throttled", after(now, p.client_window))
            found = s.scalars(
                select(StaffUser).where(StaffUser.name == name.strip()).with_for_update()
            ).first()
            row = found if found is not None and found.disabled_at is None else None
            if row is not None and row.locked_until and row.locked_until > now:
                _audit(s, now, _member(row).actor, "staff_login_locked")
                return Refused("locked", row.locked_until)
            stored = row.password_hash if row is not None else self._decoy
            if not self._verify(stored, password) or row is None:
                s.add(StaffLoginFailure(client=client, at=now))
                if row is None:
                    _audit(s, now, "anonymous", "staff_login_failed")
                    return Refused("invalid")
                return self._failed(s, row, now)
            row.failed_logins = 0
            row.locked_until = None
            if self.hasher.check_needs_rehash(row.password_hash):
                row.password_hash = self.hasher.hash(password)
            token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
            s.execute(delete(StaffSession).where(StaffSession.expires_at <= now))
            s.add(StaffSession(token_hash=_hash(token), user_id=row.id, csrf=csrf,
                               created_at=now, expires_at=after(now, p.session)))  # fmt: skip
            member = _member(row)
            _audit(s, now, member.actor, "staff_login")
        return SignedIn(member, token, csrf)

    def _failed(self, s: Session, row: StaffUser, now: datetime) -> Refused:
        """A wrong password for an account: counted, and the account locked at the limit."""
        row.failed_logins += 1
        if row.failed_logins < self.policy.max_failures:
            _audit(s, now, _member(row).actor, "staff_login_failed")
            return Refused("invalid")
        until = after(now, self.policy.lock)
        row.locked_until, row.failed_logins = until, 0
        detail = f"locked until {until.isoformat()}"
        _audit(s, now, _member(row).actor, "staff_login_failed", detail)
        return Refused("locked", until)

    def _verify(self, stored: str, password: str) -> bool:
        try:
            return self.hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False

    def session(self, token: str, now: datetime) -> tuple[StaffMember, str] | None:
        """The signed-in member and the session's CSRF token; None when expired or disabled."""
        with self.db.read() as s:
            found = s.execute(
                select(StaffUser, StaffSession.csrf)
                .join(StaffSession, StaffSession.user_id == StaffUser.id)
                .where(
                    StaffSession.token_hash == _hash(token),
                    StaffSession.expires_at > now,
                    StaffUser.disabled_at.is_(None),
                )
            ).first()
        return (_member(found[0]), found[1]) if found else None

    def sign_out(self, token: str, now: datetime) -> None:
        """Ends this session, and sweeps expired ones while at it."""
        with self.db.write() as s:
            s.execute(
                delete(StaffSession).where(
                    (StaffSession.token_hash == _hash(token)) | (StaffSession.expires_at <= now)
                )
            )

    # Telegram

    def new_link_code(self, member_id: int, now: datetime) -> str:
        """A one-time code the member sends to the bot as /verknuepfen CODE."""
        code = "".join(secrets.choice(LINK_ALPHABET) for _ in range(LINK_LENGTH))
        with self.db.write() as s:
            s.execute(
                update(StaffUser)
                .where(StaffUser.id == member_id)
                .values(
                    link_code_hash=_hash(code),
                    link_code_expires_at=after(now, self.policy.link_code),
                )
            )
        return code

    def link_telegram(self, code: str, sender: str, now: datetime) -> StaffMember | None:
        """Links `sender` to the account the code belongs to; the code is spent either way."""
        code = "".join(code.split()).upper()
        with self.db.write() as s:
            row = s.scalars(
                select(StaffUser).where(StaffUser.link_code_hash == _hash(code)).with_for_update()
            ).first()
            if row is None:
                return None
            valid = row.link_code_expires_at and row.link_code_expires_at > now
            row.link_code_hash = row.link_code_expires_at = None
            if not valid or row.disabled_at is not None:
                return None
            s.execute(
                update(StaffUser)
                .where(StaffUser.telegram_sender == sender, StaffUser.id != row.id)
                .values(telegram_sender=None)
            )
            s.flush()
            row.telegram_sender = sender
            member = _member(row)
            _audit(s, now, member.actor, "staff_telegram_linked")
        return member

    def by_sender(self, sender: str) -> StaffMember | None:
        """The active account a chat account is linked to."""
        with self.db.read() as s:
            row = s.scalars(
                select(StaffUser).where(
                    StaffUser.telegram_sender == sender, StaffUser.disabled_at.is_(None)
                )
            ).first()
            return _member(row) if row else None
