"""Which chats can be written to: a channel marks the ones that refuse (a blocked bot), and
senders of notices skip them until the user comes back."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select

from storage.db import Database
from storage.models import UndeliverableChat
from storage.upsert import insert_missing


class ChatStatusStore:
    def __init__(self, db: Database):
        self.db = db

    def mark_undeliverable(self, sender: str, now: datetime) -> None:
        with self.db.write() as s:
            insert_missing(s, UndeliverableChat, {"sender": sender, "since": now}, ["sender"])

    def mark_deliverable(self, sender: str, now: datetime) -> None:
        with self.db.write() as s:
            s.execute(delete(UndeliverableChat).where(UndeliverableChat.sender == sender))

    def is_deliverable(self, sender: str) -> bool:
        with self.db.read() as s:
            found = s.scalar(
                select(UndeliverableChat.sender).where(UndeliverableChat.sender == sender)
            )
            return found is None
