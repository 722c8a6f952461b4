"""The audit log: who did what to which appointment, written one way by everyone.

No personal data: citizens appear as 'citizen', staff by account, jobs as 'system'. A change
of an appointment is audited by `storage.lifecycle` in the change's own transaction; `record`
is for the rest (a cutover or broadcast run, a refused staff command).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, insert, select
from sqlalchemy.orm import Session

from storage.db import Database
from storage.models import AuditRow

_AUDIT = insert(AuditRow)


def record(
    c: Connection | Session,
    now: datetime,
    actor: str,
    action: str,
    codes: Sequence[str | None] = (None,),
    detail: str | None = None,
) -> None:
    """One audit row per code (None: the row is about no appointment), in the caller's
    transaction."""
    if not codes:
        return
    values = {
        "at": now,
        "actor": actor[:64],
        "action": action[:32],
        "detail": detail[:200] if detail else None,
    }
    c.execute(_AUDIT, [{**values, "appointment_code": code} for code in codes])


class AuditLog:
    """For callers without a transaction of their own (the staff commands)."""

    def __init__(self, db: Database):
        self.db = db

    def record(
        self, actor: str, action: str, detail: str | None, now: datetime, code: str | None = None
    ) -> None:
        with self.db.write() as s:
            record(s, now, actor, action, (code,), detail)

    def search(
        self,
        *,
        actor: str | None = None,
        action: str | None = None,
        code: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 200,
    ) -> list[AuditRow]:
        """The newest rows matching every filter given (actor and action by prefix)."""
        query = select(AuditRow)
        if actor:
            query = query.where(AuditRow.actor.startswith(actor, autoescape=True))
        if action:
            query = query.where(AuditRow.action.startswith(action, autoescape=True))
        if code:
            query = query.where(AuditRow.appointment_code == code)
        if since:
            query = query.where(AuditRow.at >= since)
        if until:
            query = query.where(AuditRow.at < until)
        with self.db.read() as s:
            rows = list(
                s.scalars(query.order_by(AuditRow.at.desc(), AuditRow.id.desc()).limit(limit))
            )
            s.expunge_all()
            return rows

    def actions(self) -> list[str]:
        """Every action recorded so far, for the filter's choices."""
        with self.db.read() as s:
            return list(s.scalars(select(AuditRow.action).distinct().order_by(AuditRow.action)))
