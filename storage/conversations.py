"""Conversation state per sender (form, slots, language): any worker can continue any chat."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select

from storage.db import Database
from storage.models import Conversation
from storage.upsert import upsert


class ConversationStore:
    def __init__(self, db: Database):
        self.db = db

    def load(self, sender: str) -> dict[str, Any] | None:
        with self.db.read() as s:
            return s.scalar(select(Conversation.state).where(Conversation.sender == sender))

    def save(self, sender: str, state: dict[str, Any], now: datetime) -> None:
        """Replace the sender's state (a JSON-serialisable dict) in one statement."""
        with self.db.write() as s:
            row = {"sender": sender, "state": state, "updated_at": now}
            upsert(s, Conversation, row, ["sender"])

    def clear(self, sender: str) -> None:
        with self.db.write() as s:
            s.execute(delete(Conversation).where(Conversation.sender == sender))
