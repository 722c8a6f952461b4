"""Proving a contact: one-time codes and link tokens, pure.

A citizen proves an e-mail address by typing the 6-digit code sent there, or by opening the
link in the same message; a link in a notice (cancel, "Ich komme") proves that its holder got
that notice. Every secret is random, single-purpose (a cancel token never verifies a booking),
expires, and is stored only as a hash: a copy of the database lets nobody act for a citizen.
A code has few attempts, so guessing one of a million is hopeless before it dies.

`storage.verification` keeps them; this module says what they are and how they are compared.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime

CODE_DIGITS = 6
_TYPED = re.compile(r"[^0-9]{0,20}?([0-9]{3})[ -]?([0-9]{3})[^0-9]{0,10}")
MAX_ATTEMPTS = 5  # wrong codes before the code is used up
TOKEN_BYTES = 32  # 256 bits: links cannot be guessed
CODE_ITERATIONS = 20_000  # a leaked table costs ~1 s per code to brute-force, a check ~2 ms

# Purposes in use; a purpose is any short name (other features add their own, e.g. erasure).
BOOKING = "booking"  # the contact of a pending booking: its subject is the appointment code
EMAIL = "email"  # an e-mail address for a chat account (Telegram): subject is the sender
CANCEL = "cancel"  # the cancel link of an appointment: subject is the appointment code
CONFIRM = "confirm"  # the reminder's "Ich komme" link: subject is the appointment code


@dataclass(frozen=True)
class Issued:
    """What to send: the code and/or the link token (shown once, never stored as such)."""

    code: str | None
    token: str | None
    expires_at: datetime


@dataclass(frozen=True)
class Verified:
    """The code or link was right: what it was issued for."""

    purpose: str
    subject: str
    address: str | None  # the e-mail address the secret was sent to
    sender: str | None  # the chat that asked for it


@dataclass(frozen=True)
class WrongCode:
    attempts_left: int


@dataclass(frozen=True)
class Expired:
    """Past its time, used already, or out of attempts: a new one must be asked for."""


@dataclass(frozen=True)
class Unknown:
    """No such code or link for this purpose (forged, or for something else)."""


CheckOutcome = Verified | WrongCode | Expired | Unknown


def new_code() -> str:
    """Six random digits (leading zeros kept)."""
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_salt() -> str:
    return secrets.token_hex(16)


def token_hash(token: str) -> str:
    """A link token's fingerprint: tokens are long random strings, a plain hash suffices."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def code_hash(code: str, salt: str) -> str:
    """A code's fingerprint: salted and slow, since a code has only a million values."""
    digest = hashlib.pbkdf2_hmac("sha256", code.encode(), salt.encode(), CODE_ITERATIONS)
    return digest.hex()


def code_matches(code: str, salt: str, stored: str) -> bool:
    return hmac.compare_digest(code_hash(code, salt), stored)


def typed_code(text: str) -> str | None:
    """The code in what a citizen typed ('123 456', '123-456', 'Code: 123456'), or None."""
    if len(text) > 40:
        return None
    found = _TYPED.fullmatch(unicodedata.normalize("NFKC", text).strip())
    return found.group(1) + found.group(2) if found else None


# The pages an e-mail's links open (bot/web/links.py serves them: GET shows, POST acts).
LINK_PATHS = {
    BOOKING: "/termin/bestaetigen/",
    CANCEL: "/termin/absagen/",
    CONFIRM: "/termin/kommen/",
    EMAIL: "/email/bestaetigen/",
}


@dataclass(frozen=True)
class Links:
    """The links in e-mails; `base` is where citizens reach the server (its public URL)."""

    base: str = "http://127.0.0.1:8080"

    def url(self, purpose: str, token: str) -> str:
        return self.base.rstrip("/") + LINK_PATHS[purpose] + token


CODE_CHANNELS_EXEMPT = frozenset({"telegram", "cli", "transcript"})
"""Channels whose booking needs no e-mail code: a Telegram account is a verified identity of
its own, and the command line and the transcript runner are the operator's. Every other
channel (the web's REST, widget socket and Socket.IO, and any channel added later) proves
the citizen's e-mail address first."""


def needs_code(channel: str | None) -> bool:
    return channel not in CODE_CHANNELS_EXEMPT
