"""A campaign's progress and report for staff (a cutover, a closure, a cancellation, news):
how many notices went out, and whom staff must call because no notice reached them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from storage.db import Database
from storage.models import OutboxRow, Person
from storage.outbox import NOT_ARRIVED, Outbox, OutboxState

TO_CALL_LIMIT = 500


@dataclass(frozen=True)
class Progress:
    delivered: int
    failed: int
    undeliverable: int
    waiting: int  # web notices, shown at the citizen's next visit
    pending: int  # queued or being sent by a worker
    total: int

    @property
    def done(self) -> bool:
        return self.pending == 0

    def as_json(self) -> dict[str, int | bool]:
        return {
            "delivered": self.delivered,
            "failed": self.failed,
            "undeliverable": self.undeliverable,
            "waiting": self.waiting,
            "pending": self.pending,
            "total": self.total,
            "settled": self.total - self.pending,
            "done": self.done,
        }


@dataclass(frozen=True)
class ToCall:
    name: str | None
    phone: str | None
    email: str | None
    channel: str
    state: str
    codes: tuple[str, ...]


class CampaignReport:
    def __init__(self, db: Database):
        self.db = db
        self.outbox = Outbox(db)

    def progress(self, campaign: str) -> Progress:
        report = self.outbox.report(campaign)
        states: Counter = Counter()
        for counts in report.counts.values():
            states.update(counts)
        waiting = report.counts.get("web", Counter())[OutboxState.queued]
        pending = states[OutboxState.queued] + states[OutboxState.sending] - waiting
        return Progress(
            states[OutboxState.delivered],
            states[OutboxState.failed],
            states[OutboxState.undeliverable],
            waiting,
            pending,
            report.total(),
        )

    def to_call(self, campaign: str) -> list[ToCall]:
        """The people no notice reached (failed, or no chat and no e-mail), with their phone."""
        with self.db.read() as s:
            rows = s.execute(
                select(
                    OutboxRow.channel,
                    OutboxRow.address,
                    OutboxRow.state,
                    OutboxRow.payload,
                    Person.name,
                    Person.phone,
                    Person.email,
                )  # fmt: skip
                .outerjoin(Person, Person.id == OutboxRow.person_id)
                .where(
                    OutboxRow.campaign == campaign,
                    OutboxRow.state.in_(NOT_ARRIVED),
                )
                .order_by(OutboxRow.id)
                .limit(TO_CALL_LIMIT)
            ).all()
        return [
            ToCall(
                r.name,
                r.phone or (r.address if r.channel == "none" else None),
                r.email,
                r.channel,
                r.state,
                tuple(r.payload.get("codes") or ()),
            )
            for r in rows
        ]
