"""Button payloads behind short ids: Telegram's callback data is at most 64 bytes.

A keyboard is good for one tap by the sender it was made for: a second tap on any of its
buttons (or a forged or foreign id) gets None, so a double tap cannot act twice, not even on
two workers at once.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select, update

from storage.db import Database
from storage.models import Callback


class CallbackStore:
    def __init__(self, db: Database):
        self.db = db

    def put(self, sender: str, payloads: list[str], now: datetime) -> list[str]:
        """Short ids (16 characters) for `payloads`, in order; one transaction for a keyboard."""
        ids = [secrets.token_urlsafe(12) for _ in payloads]
        keyboard = ids[0] if ids else ""
        with self.db.write() as s:
            s.add_all(
                Callback(id=i, keyboard=keyboard, sender=sender, payload=p, created_at=now)
                for i, p in zip(ids, payloads, strict=True)
            )
        return ids

    def take(self, callback_id: str, sender: str, now: datetime) -> str | None:
        """The payload, once per keyboard; None for a used, unknown or someone else's id.

        One UPDATE uses up the whole keyboard: a concurrent tap on a sibling button waits for
        the row locks and then finds nothing unused (PostgreSQL re-checks the condition).
        """
        keyboard = (
            select(Callback.keyboard)
            .where(Callback.id == callback_id, Callback.sender == sender)
            .scalar_subquery()
        )
        with self.db.write() as s:
            taken = s.execute(
                update(Callback)
                .where(Callback.keyboard == keyboard, Callback.used_at.is_(None))
                .values(used_at=now)
                .returning(Callback.id, Callback.payload)
            ).all()
        return next((payload for id_, payload in taken if id_ == callback_id), None)
