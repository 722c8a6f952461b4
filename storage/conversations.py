"""Conversation state per sender (form, slots, language): any worker can continue any chat.

Read and written on every message, so with Core statements built once, not ORM sessions.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, select

from storage.db import Database
from storage.models import Conversation
from storage.upsert import dialect_insert

_LOAD = select(Conversation.state).where(Conversation.sender == bindparam("sender"))


class ConversationStore:
    def __init__(self, db: Database):
        self.db = db
        insert = dialect_insert(db.engine.dialect.name, Conversation)
        self._save = insert.on_conflict_do_update(
            index_elements=["sender"],
            set_={"state": insert.excluded.state, "updated_at": insert.excluded.updated_at},
        )

    def load(self, sender: str) -> dict[str, Any] | None:
        with self.db.connection() as c:
            return c.execute(_LOAD, {"sender": sender}).scalar()

    def save(self, sender: str, state: dict[str, Any], now: datetime) -> None:
        """Replace the sender's state (a JSON-serialisable dict) in one statement."""
        with self.db.connection(write=True) as c:
            c.execute(self._save, {"sender": sender, "state": state, "updated_at": now})

    def clear(self, sender: str) -> None:
        with self.db.write() as s:
            s.execute(delete(Conversation).where(Conversation.sender == sender))
