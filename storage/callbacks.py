"""Button payloads behind short ids: Telegram's callback data is at most 64 bytes.

An id is good for one tap by the sender it was made for: a second tap (or a forged or foreign
id) gets None, so a double tap cannot act twice.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import update

from storage.db import Database
from storage.models import Callback


class CallbackStore:
    def __init__(self, db: Database):
        self.db = db

    def put(self, sender: str, payloads: list[str], now: datetime) -> list[str]:
        """Short ids (16 characters) for `payloads`, in order; one transaction for a keyboard."""
        ids = [secrets.token_urlsafe(12) for _ in payloads]
        with self.db.write() as s:
            s.add_all(
                Callback(id=i, sender=sender, payload=p, created_at=now)
                for i, p in zip(ids, payloads, strict=True)
            )
        return ids

    def take(self, callback_id: str, sender: str, now: datetime) -> str | None:
        """The payload, once; None for a used, unknown or someone else's id."""
        with self.db.write() as s:
            return s.scalar(
                update(Callback)
                .where(
                    Callback.id == callback_id,
                    Callback.sender == sender,
                    Callback.used_at.is_(None),
                )
                .values(used_at=now)
                .returning(Callback.payload)
            )
