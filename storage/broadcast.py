"""Broadcasts (office news) to an audience, and the citizens' subscriptions to them.

Audiences: `subscribers` (who asked for news in a chat), `affected` (everyone a cutover notice
was queued for, reached the same way), `all` (both, and everyone with an active appointment).
One address gets one copy; the same text to the same audience is queued once, however often
staff send it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from office import senders
from office.city import City
from office.lifecycle import ACTIVE
from office.notices import news_notice
from storage import audit
from storage.db import Database
from storage.models import (
    Account,
    AppointmentRow,
    OutboxRow,
    Person,
    Subscriber,
    UndeliverableChat,
)
from storage.outbox import (
    CHAT_CHANNELS,
    NO_CHANNEL,
    OutboxState,
    Route,
    digest,
    insert_rows,
    new_row,
    route,
)
from storage.upsert import insert_missing

AUDIENCES = ("subscribers", "affected", "all")
_ACTIVE = tuple(s.value for s in ACTIVE)


@dataclass(frozen=True)
class Recipient:
    route: Route
    lang: str
    person_id: int | None = None


class BroadcastService:
    def __init__(self, db: Database, city: City):
        self.db = db
        self.city = city

    def recipients(self, audience: str) -> list[Recipient]:
        if audience not in AUDIENCES:
            raise ValueError(f"audience must be one of {', '.join(AUDIENCES)}")
        with self.db.read() as s:
            found: list[Recipient] = []
            if audience in ("subscribers", "all"):
                found += self._subscribers(s)
            if audience in ("affected", "all"):
                found += self._affected(s)
            if audience == "all":
                found += self._booked(s)
        unique: dict[tuple[str, str], Recipient] = {}
        for r in found:
            unique.setdefault((r.route.channel, r.route.address), r)
        return list(unique.values())

    def audience_size(self, audience: str) -> int:
        return len(self.recipients(audience))

    def by_channel(self, audience: str) -> dict[str, int]:
        return dict(Counter(r.route.channel for r in self.recipients(audience)))

    @staticmethod
    def campaign(audience: str, text: str, text_en: str | None = None) -> str:
        """The same text to the same audience is one campaign (queued once)."""
        return "news:" + digest("\0".join((audience, text, text_en or "")))

    def send(
        self, audience: str, text: str, actor: str, now: datetime, text_en: str | None = None
    ) -> int:
        """Queue the news for the audience; returns how many were queued now (0 when this very
        broadcast was queued before)."""
        if not text.strip():
            raise ValueError("a broadcast needs a text")
        campaign = self.campaign(audience, text, text_en)
        rows = []
        for r in self.recipients(audience):
            body = text_en if r.lang == "en" and text_en else text
            payload = news_notice(self.city, body, r.lang).payload()
            key = f"{campaign}:{r.route.channel}:{r.route.address}"
            rows.append(new_row(r.route, payload, key, campaign, now, r.person_id))
        with self.db.write() as s:
            queued = insert_rows(s, rows)
            detail = f"{audience}: {queued} queued ({campaign})"
            audit.record(s, now, actor, "broadcast", detail=detail)
        return queued

    def _subscribers(self, s) -> list[Recipient]:
        blocked = set(s.scalars(select(UndeliverableChat.sender)))
        rows = s.execute(select(Subscriber.channel, Subscriber.address, Subscriber.language))
        return [
            Recipient(Route(channel, address), lang)
            for channel, address, lang in rows
            if address not in blocked
        ]

    def _affected(self, s) -> list[Recipient]:
        """Reached as their cutover notice was (the routing and the blocked chats known then)."""
        rows = s.execute(
            select(OutboxRow.channel, OutboxRow.address, OutboxRow.payload, OutboxRow.person_id)
            .where(
                OutboxRow.campaign.like("cutover:%"),
                OutboxRow.channel != NO_CHANNEL,
                OutboxRow.state != OutboxState.undeliverable,
            )
            .order_by(OutboxRow.id)
        )
        return [
            Recipient(Route(channel, address), payload.get("lang", "de"), person_id)
            for channel, address, payload, person_id in rows
        ]

    def _booked(self, s) -> list[Recipient]:
        """Everyone with an active appointment, routed like a cutover notice."""
        persons = s.execute(
            select(Person.id, Person.email, Person.phone, Person.language)
            .where(
                Person.id.in_(
                    select(AppointmentRow.person_id).where(AppointmentRow.status.in_(_ACTIVE))
                )
            )
            .order_by(Person.id)
        ).all()
        senders: dict[int, list[str]] = {}
        for person_id, sender in s.execute(
            select(Account.person_id, Account.sender).order_by(Account.id.desc())
        ):
            senders.setdefault(person_id, []).append(sender)
        blocked = set(s.scalars(select(UndeliverableChat.sender)))
        found = []
        for person_id, email, phone, lang in persons:
            r = route(senders.get(person_id, []), email, phone, blocked)
            if r.channel != NO_CHANNEL:
                found.append(Recipient(r, lang, person_id))
        return found


class Subscriptions:
    """Office news by chat: a sender subscribes or unsubscribes itself."""

    def __init__(self, db: Database):
        self.db = db

    @staticmethod
    def channel_of(sender: str) -> str | None:
        channel = senders.channel_of(sender)
        return channel if channel in CHAT_CHANNELS else None

    def subscribe(self, sender: str, lang: str, now: datetime) -> bool:
        """True if newly subscribed."""
        channel = self.channel_of(sender)
        if channel is None:
            raise ValueError(f"news cannot be delivered to {channel!r} chats")
        with self.db.write() as s:
            if self._find(s, sender) is not None:
                return False
            row = {"channel": channel, "address": sender, "language": lang, "created_at": now}
            insert_missing(s, Subscriber, row, ["channel", "address"])
        return True

    def unsubscribe(self, sender: str) -> bool:
        """True if there was a subscription to end."""
        with self.db.write() as s:
            gone = s.execute(delete(Subscriber).where(Subscriber.address == sender))
            return bool(gone.rowcount)  # type: ignore[attr-defined]

    def is_subscribed(self, sender: str) -> bool:
        with self.db.read() as s:
            return self._find(s, sender) is not None

    @staticmethod
    def _find(s, sender: str) -> int | None:
        return s.scalar(select(Subscriber.id).where(Subscriber.address == sender))
