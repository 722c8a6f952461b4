"""Contact data and the person key: one mailbox is one person, however its address is written.

The key is what the one-appointment limit counts, so every spelling that reaches the same
mailbox must give the same key: Unicode NFKC (full-width letters, ligatures) and case folding,
then the provider's own folding (`+tags`; Gmail ignores dots and `googlemail.com` is
`gmail.com`). Spellings that only *look* like another address — a Cyrillic "а" among Latin
letters, an all-Cyrillic word that reads as Latin, zero-width or other invisible characters —
are refused with a friendly answer: such an address is a trick or a typo, never a real contact.
Look-alikes are judged by `confusable_homoglyphs` (Unicode's own confusables and script data,
TR39) rather than by a table of our own that would miss most of the 6,000 confusable pairs.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import phonenumbers

# RFC 5321 4.5.3.1: local part 64 octets, domain 255, a path of 256 octets including the
# angle brackets, hence an address of at most 254 octets.
MAX_LOCAL_OCTETS = 64
MAX_ADDRESS_OCTETS = 254
MAX_INPUT_CHARS = 320  # longer input is refused before any Unicode work is spent on it

GMAIL = "gmail.com"
_SAME_MAILBOX = {"googlemail.com": GMAIL}  # domains that are another name of one mailbox
_DOTS_IGNORED = {GMAIL}
_DASH_TAGS = {"yahoo.com", "yahoo.de", "ymail.com", "rocketmail.com"}  # Yahoo: name-tag
# Everywhere else "+" starts a subaddress (RFC 5233; the default of Gmail, Outlook, iCloud,
# Proton, Fastmail, Posteo, mailbox.org, Postfix, Exim): the mailbox is the part before it.
_INVISIBLE = {"Cc", "Cf", "Co", "Cn", "Cs", "Zs", "Zl", "Zp"}


@dataclass(frozen=True)
class InvalidContact:
    """`field` is "name", "email", "phone" or "contact" (neither given); `reason` says why an
    e-mail address was refused: "format", "too_long", "invisible" or "look_alike"."""

    field: str
    reason: str = "format"


@dataclass(frozen=True)
class Email:
    address: str  # as the citizen wrote it, NFKC and case-folded: where mail goes
    mailbox: str  # the provider-folded form: what identifies the person


@dataclass(frozen=True)
class Contact:
    email: str | None  # the deliverable address
    phone: str | None  # E.164
    mailbox: str | None = None  # the e-mail's folded mailbox, when there is an e-mail

    @property
    def key(self) -> str:
        """One person per mailbox (or, without an e-mail address, per phone number)."""
        return f"email:{self.mailbox}" if self.mailbox else f"phone:{self.phone}"


def canonical_email(raw: str) -> Email | InvalidContact:
    """The address to write to and the mailbox key, or why the address cannot be used."""
    text = raw.strip()
    if len(text) > MAX_INPUT_CHARS:
        return InvalidContact("email", "too_long")
    text = unicodedata.normalize("NFKC", text).casefold()
    if any(unicodedata.category(ch) in _INVISIBLE for ch in text):
        return InvalidContact("email", "invisible")
    local, at, domain = text.rpartition("@")
    if not at or not local or "@" in local or not _plausible_domain(domain):
        return InvalidContact("email")
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return InvalidContact("email")
    if any(_looks_alike(part) for part in (local, domain)):
        return InvalidContact("email", "look_alike")
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return InvalidContact("email")
    if (
        len(local.encode()) > MAX_LOCAL_OCTETS
        or len(local.encode()) + 1 + len(ascii_domain) > MAX_ADDRESS_OCTETS
    ):
        return InvalidContact("email", "too_long")
    domain = _SAME_MAILBOX.get(ascii_domain, ascii_domain)
    return Email(text, f"{_mailbox(local, domain)}@{domain}")


def _plausible_domain(domain: str) -> bool:
    labels = domain.split(".")
    return len(labels) >= 2 and all(labels) and len(labels[-1]) >= 2 and "_" not in domain


def _looks_alike(part: str) -> bool:
    """Mixed scripts ('pаypal' with a Cyrillic а), or a word of another script that reads as
    Latin ('рор' in Cyrillic): both are refused. 'müller' or '山田' are fine."""
    letters = "".join(ch for ch in part if ch.isalpha())
    if not letters or letters.isascii():
        return False
    # Imported here: its tables take a noticeable part of every command's start, and almost
    # every address is ASCII.
    from confusable_homoglyphs import confusables

    if confusables.is_mixed_script(letters):
        return True
    return bool(confusables.is_confusable(letters, greedy=False, preferred_aliases=["latin"]))


def _mailbox(local: str, domain: str) -> str:
    local = local.split("+", 1)[0] or local
    if domain in _DASH_TAGS:
        local = local.split("-", 1)[0] or local
    if domain in _DOTS_IGNORED:
        local = local.replace(".", "")
    return local


def normalize_contact(
    email: str | None, phone: str | None, region: str = "DE"
) -> Contact | InvalidContact:
    """The contact of a booking: e-mail canonicalised, phone in E.164; one of them is needed."""
    email_text = (email or "").strip() or None
    phone_text = unicodedata.normalize("NFKC", (phone or "").strip()[:64]) or None
    if email_text is None and phone_text is None:
        return InvalidContact("contact")
    address = mailbox = None
    if email_text is not None:
        parsed = canonical_email(email_text)
        if isinstance(parsed, InvalidContact):
            return parsed
        address, mailbox = parsed.address, parsed.mailbox
    e164 = None
    if phone_text is not None:
        try:
            number = phonenumbers.parse(phone_text, region)
        except phonenumbers.NumberParseException:
            return InvalidContact("phone")
        if not phonenumbers.is_valid_number(number):
            return InvalidContact("phone")
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return Contact(address, e164, mailbox)


def is_email(text: str) -> bool:
    """Whether a typed contact is meant as an e-mail address (full-width '＠' counts)."""
    return "@" in unicodedata.normalize("NFKC", text)
