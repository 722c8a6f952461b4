"""The audit log for actions outside the booking service (staff commands, refused attempts).

Like every audit row, no personal data: citizens appear as 'citizen', staff by account.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from storage.db import Database
from storage.models import AuditRow


class AuditLog:
    def __init__(self, db: Database):
        self.db = db

    def record(
        self, actor: str, action: str, detail: str | None, now: datetime, code: str | None = None
    ) -> None:
        with self.db.write() as s:
            s.add(
                AuditRow(
                    at=now,
                    actor=actor[:64],
                    action=action[:32],
                    appointment_code=code,
                    detail=detail[:200] if detail else None,
                )
            )

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
