"""The audit log for actions outside the booking service (staff commands, refused attempts).

Like every audit row, no personal data: citizens appear as 'citizen', staff by account.
"""

from __future__ import annotations

from datetime import datetime

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
