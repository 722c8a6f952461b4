"""Conversation state per sender (form, slots, language): any worker can continue any chat.

Read and written on every message, so with Core statements built once, not ORM sessions. A
state that holds form data (a form, its slots) is saved with the time that data expires, and
`drop_expired_forms` (the scheduled purge) keeps of it only what the notice allows (language).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from office.city import Retention
from office.elapsed import after
from storage.db import Database
from storage.models import Conversation
from storage.upsert import dialect_insert

_LOAD = select(Conversation.state).where(Conversation.sender == bindparam("sender"))


FORM_KEYS = ("form", "requested", "slots")  # what a state holds of a form under way
_FORMLESS: dict[str, Any] = {"form": None, "requested": None, "slots": {}}


def holds_form_data(state: dict[str, Any]) -> bool:
    return any(state.get(key) for key in FORM_KEYS)


class ConversationStore:
    def __init__(self, db: Database, form_minutes: int = Retention.form_minutes):
        self.db = db
        self.form_for = timedelta(minutes=form_minutes)
        insert = dialect_insert(db.engine.dialect.name, Conversation)
        self._save = insert.on_conflict_do_update(
            index_elements=["sender"],
            set_={
                "state": insert.excluded.state,
                "updated_at": insert.excluded.updated_at,
                "form_expires_at": insert.excluded.form_expires_at,
            },
        )

    def load(self, sender: str) -> dict[str, Any] | None:
        with self.db.connection() as c:
            return c.execute(_LOAD, {"sender": sender}).scalar()

    def save(self, sender: str, state: dict[str, Any], now: datetime) -> None:
        """Replace the sender's state (a JSON-serialisable dict) in one statement."""
        with self.db.connection(write=True) as c:
            expires = after(now, self.form_for) if holds_form_data(state) else None
            c.execute(
                self._save,
                {"sender": sender, "state": state, "updated_at": now, "form_expires_at": expires},
            )

    def clear(self, sender: str) -> None:
        with self.db.write() as s:
            s.execute(delete(Conversation).where(Conversation.sender == sender))


def drop_expired_forms(s: Session, now: datetime) -> int:
    """Form data whose time is up removed from each state (the language stays); how many.
    One executemany by primary key: a backlog of thousands is a fraction of a second."""
    c = Conversation
    expired = s.execute(
        select(c.sender, c.state).where(c.form_expires_at <= now).with_for_update()
    ).all()
    if expired:
        rows = [
            {"sender": sender, "state": {**state, **_FORMLESS}, "form_expires_at": None}
            for sender, state in expired
        ]
        s.execute(update(c), rows)
    return len(expired)
