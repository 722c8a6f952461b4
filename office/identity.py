"""A person is the union of their proven keys: the one-appointment limit holds across all of them.

A key names one way to reach a person: a Telegram chat (`telegram:4711`, the account Telegram
authenticates) or an e-mail mailbox (`email:…`, the person key of `office.contacts`). Keys are
linked only when one act proves both: the code or link from an e-mail redeemed in (or for) a
Telegram chat. Whoever holds the chat reads the mailbox, so the two are one person; a third key
proven with either joins them (union-find), and every appointment booked under any key of the
person counts against the person's limit.

What never links, and why:
- a phone number: it is typed, never proven (there is no SMS gateway), so anyone can give
  anyone's number. Linking on it would let an attacker book with the victim's number beside
  their own address and so lock the victim out of every key of theirs. A phone number keeps
  only its own per-key limit.
- an e-mail address merely typed (not yet proven for this chat): the same framing, with an
  address.
- a web sender: a conversation id the client chooses, not an account; its per-chat limit
  already counts its own bookings, and two mailboxes proven in one browser (a family at one
  computer) are not one person.

`storage.identities` keeps the links and applies `plan_union`; the booking counts with
`over_limit` while it holds the lock on each person it touches. No-shows held against any key of
a person (a Telegram chat, or the person of a proven mailbox) block the person under every key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from office import senders

IDENTITY_CHANNELS = frozenset({"telegram"})
"""Channels whose sender id is an account the platform authenticates: a key of its own."""


def chat_key(sender: str | None) -> str | None:
    """The chat as a key of its person, when its channel proves who it is; else None."""
    if sender and senders.channel_of(sender) in IDENTITY_CHANNELS:
        return sender
    return None


def proven_together(mailbox_key: str, sender: str | None) -> tuple[str, ...]:
    """The keys one proof links: the mailbox whose code or link was redeemed, and the chat it
    was redeemed for, if that chat is a key (one key alone links nothing)."""
    chat = chat_key(sender)
    return (mailbox_key, chat) if chat else (mailbox_key,)


def booking_keys(contact_key: str, sender: str | None) -> tuple[str, ...]:
    """The keys whose persons a booking counts against: its contact's and its chat's."""
    chat = chat_key(sender)
    return (contact_key, chat) if chat and chat != contact_key else (contact_key,)


@dataclass(frozen=True)
class Merge:
    """How to link keys: `target` is the person that stays (None: a new one), `absorbed` the
    persons folded into it, `new_keys` the keys that had no person yet."""

    target: int | None
    absorbed: frozenset[int]
    new_keys: frozenset[str]


def plan_union(persons: Mapping[str, int | None]) -> Merge | None:
    """Link every key of `persons` (key → its person, None if it has none); None when nothing
    changes. The oldest (lowest) person stays, so a person's number is stable."""
    known = {p for p in persons.values() if p is not None}
    new_keys = frozenset(k for k, p in persons.items() if p is None)
    if len(known) + len(new_keys) < 2:
        return None
    target = min(known) if known else None
    return Merge(target, frozenset(known - {target} if target is not None else set()), new_keys)


@dataclass(frozen=True)
class Counted:
    """An active appointment as the limit sees it."""

    appointment_id: int
    person_key: str | None
    sender: str | None


def over_limit(
    keys_of: Mapping[int, frozenset[str]], appointments: Iterable[Counted], limit: int
) -> tuple[int, list[Counted]] | None:
    """The first person (by number) whose keys already hold `limit` active appointments, with
    those appointments; None when every person the booking touches may book one more."""
    rows = list(appointments)
    for person in sorted(keys_of):
        keys = keys_of[person]
        theirs = [r for r in rows if r.person_key in keys or r.sender in keys]
        if len(theirs) >= limit:
            return person, theirs
    return None
