"""Sender ids, `channel:account` (`telegram:4711`, `web:3f2a…`, `cli:local`): written and split
here only, so every channel, store and report reads them the same way."""

from __future__ import annotations

from typing import NamedTuple

UNKNOWN = "unknown"  # the channel of an id without one


class Sender(NamedTuple):
    channel: str
    account: str


def sender_id(channel: str, account: str | int) -> str:
    return f"{channel}:{account}"


def split(sender: str) -> Sender:
    """The channel and the account of a sender id; a bare id has the channel `unknown`."""
    channel, sep, account = sender.partition(":")
    return Sender(channel, account) if sep else Sender(UNKNOWN, sender)


def channel_of(sender: str) -> str:
    return split(sender).channel


def account_of(sender: str) -> str:
    return split(sender).account
