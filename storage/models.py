"""Tables. The rules live in `office/`; these rows only store them, and the constraints here
are what make double bookings impossible even when every check in code is raced.

- `seats`: one row per occupied (slot_start, seat); a plain unique constraint, so a seat can be
  held by one appointment or one hold only. Rows are deleted when an appointment is cancelled;
  a hold's rows carry `expires_at` and are ignored (and replaced) once it has passed.
- `appointments`: `person_slot` / `account_slot` number a person's (chat account's) active
  appointments 1..max_active_per_person, under partial unique indexes over active rows. With the
  default limit of 1 that is "one active appointment per person"; with a limit of k the database
  still refuses a (k+1)th, with no lock needed. A slot number is set to NULL once the appointment
  is over, which frees it for a new booking.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

ACTIVE_SQL = "status IN ('pending', 'booked', 'confirmed')"  # office.lifecycle.ACTIVE


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC out: timestamptz on PostgreSQL, UTC text on SQLite."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; pass an aware one")
        value = value.astimezone(UTC)
        return value if dialect.name == "postgresql" else value.replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


Json = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_N_name)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class Person(Base):
    __tablename__ = "persons"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)  # "email:..." or "phone:+49..."
    name: Mapped[str | None] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8), default="de")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # when the e-mail address was last proven (code or link); e-mail notices need it
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Account(Base):
    """A chat account ("telegram:123", "web:<uuid>") linked to a person: only once the chat
    proved the person's contact (a code typed there, or the booking it verified)."""

    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("person_id", "sender"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    sender: Mapped[str] = mapped_column(String(200), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Identity(Base):
    """One person as proofs tell (office.identity): the union of the keys in `identity_keys`.
    The row holds nothing personal; a booking locks it while it counts the person's
    appointments, so two bookings under two keys of one person cannot both pass."""

    __tablename__ = "identities"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class IdentityKey(Base):
    """A proven key ("telegram:4711", "email:…") of one person; linked_at: its last proof."""

    __tablename__ = "identity_keys"
    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    identity_id: Mapped[int] = mapped_column(
        ForeignKey("identities.id", ondelete="CASCADE"), index=True
    )
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AppointmentRow(Base):
    __tablename__ = "appointments"
    __table_args__ = (
        Index(
            "uq_appointments_active_person",
            "person_key",
            "person_slot",
            unique=True,
            sqlite_where=text(ACTIVE_SQL),
            postgresql_where=text(ACTIVE_SQL),
        ),
        Index(
            "uq_appointments_active_sender",
            "sender",
            "account_slot",
            unique=True,
            sqlite_where=text(ACTIVE_SQL),
            postgresql_where=text(ACTIVE_SQL),
        ),
        Index("ix_appointments_slot_start_status", "slot_start", "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(24), unique=True)
    service_id: Mapped[str] = mapped_column(String(64))
    slot_start: Mapped[datetime] = mapped_column(UTCDateTime)
    slot_end: Mapped[datetime] = mapped_column(UTCDateTime)
    seat: Mapped[int] = mapped_column(Integer)
    household_size: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(24))
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), index=True
    )
    person_key: Mapped[str | None] = mapped_column(String(300))
    person_slot: Mapped[int | None] = mapped_column(Integer)
    sender: Mapped[str | None] = mapped_column(String(200))
    account_slot: Mapped[int | None] = mapped_column(Integer)
    channel: Mapped[str | None] = mapped_column(String(32))
    name: Mapped[str | None] = mapped_column(String(120))
    language: Mapped[str] = mapped_column(String(8), default="de")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str | None] = mapped_column(String(64))
    # The keyed hash of the client address that booked it (web only): a pending booking counts
    # against that address's cap on held seats until its contact is verified.
    client: Mapped[str | None] = mapped_column(String(64), index=True)


class Hold(Base):
    __tablename__ = "holds"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200), index=True)
    client: Mapped[str | None] = mapped_column(String(64), index=True)  # as on appointments
    service_id: Mapped[str] = mapped_column(String(64))
    slot_start: Mapped[datetime] = mapped_column(UTCDateTime)
    slot_end: Mapped[datetime] = mapped_column(UTCDateTime)
    household_size: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Seat(Base):
    """One occupied seat in one grid slot, by an appointment or a hold (see module docstring)."""

    __tablename__ = "seats"
    __table_args__ = (UniqueConstraint("slot_start", "seat"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    slot_start: Mapped[datetime] = mapped_column(UTCDateTime)
    seat: Mapped[int] = mapped_column(Integer)
    appointment_id: Mapped[int | None] = mapped_column(
        ForeignKey("appointments.id", ondelete="CASCADE"), index=True
    )
    hold_id: Mapped[str | None] = mapped_column(
        ForeignKey("holds.id", ondelete="CASCADE"), index=True
    )
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class NoShow(Base):
    """Kept apart from appointments: the no-show rule looks further back than retention.

    It counts against a verified identity only, so nobody is framed by bookings made under
    their address: the person once their e-mail was proven, or the Telegram account.
    """

    __tablename__ = "no_shows"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), index=True
    )
    sender: Mapped[str | None] = mapped_column(String(200), index=True)
    appointment_code: Mapped[str] = mapped_column(String(24))
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class Conversation(Base):
    """A chat's state; while it holds form data (name, contact, slot), `form_expires_at` says
    when the scheduled purge drops that data (retention.form_minutes after the last message)."""

    __tablename__ = "conversations"
    sender: Mapped[str] = mapped_column(String(200), primary_key=True)
    state: Mapped[dict] = mapped_column(Json)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    form_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)


class Callback(Base):
    """A button payload behind a short id: Telegram's callback data is at most 64 bytes.

    The ids of one keyboard share `keyboard`: one tap uses up the whole keyboard.
    """

    __tablename__ = "callbacks"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    keyboard: Mapped[str] = mapped_column(String(32), index=True)
    sender: Mapped[str] = mapped_column(String(200))
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class UndeliverableChat(Base):
    """A chat that refuses our messages (the user blocked the bot); removed when they return."""

    __tablename__ = "undeliverable_chats"
    sender: Mapped[str] = mapped_column(String(200), primary_key=True)
    since: Mapped[datetime] = mapped_column(UTCDateTime)


class OutboxRow(Base):
    """A notice to deliver: written in the transaction that causes it, drained by a worker."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_state_next_attempt_at", "state", "next_attempt_at"),
        Index("ix_outbox_address_state", "address", "state"),  # a visitor's waiting notices
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), index=True
    )
    channel: Mapped[str] = mapped_column(String(32))
    address: Mapped[str] = mapped_column(String(254))
    payload: Mapped[dict] = mapped_column(Json)
    state: Mapped[str] = mapped_column(String(16))  # storage.outbox.OutboxState
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(200))
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    campaign: Mapped[str | None] = mapped_column(String(64), index=True)  # "cutover:2021-09-01"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class WorkerLease(Base):
    """Who runs a singleton job (the delivery worker) until when; renewed while it runs."""

    __tablename__ = "worker_leases"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CutoverRun(Base):
    """A cutover done: a second run for the same date finds it and changes nothing."""

    __tablename__ = "cutovers"
    from_day: Mapped[date] = mapped_column(Date, primary_key=True)
    run_at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(64))
    cancelled: Mapped[int] = mapped_column(Integer)
    notices: Mapped[int] = mapped_column(Integer)


class Subscriber(Base):
    __tablename__ = "subscribers"
    __table_args__ = (UniqueConstraint("channel", "address"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    address: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(8), default="de")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AuditRow(Base):
    """Who did what to which appointment. No personal data: citizens appear as 'citizen'."""

    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    appointment_code: Mapped[str | None] = mapped_column(String(24), index=True)
    detail: Mapped[str | None] = mapped_column(String(200))


class Counter(Base):
    """A rate-limit window or a single-use mark every worker sees (`storage.counters`)."""

    __tablename__ = "counters"
    key: Mapped[str] = mapped_column(String(250), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[float] = mapped_column(Float, index=True)  # epoch seconds, like Redis TTLs


class StaffUser(Base):
    """A staff account of the console (and, once linked, of the Telegram staff commands).

    `failed_logins` and `locked_until` live here, not in a process: every worker sees a
    lock-out. A Telegram account is linked by a one-time code; only its hash is kept.
    """

    __tablename__ = "staff_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # clerk, supervisor
    password_hash: Mapped[str] = mapped_column(String(200))
    telegram_sender: Mapped[str | None] = mapped_column(String(200), unique=True)
    link_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    link_code_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class StaffSession(Base):
    """A signed-in browser: the cookie holds a random token, this row only its hash."""

    __tablename__ = "staff_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), index=True
    )
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class StaffLoginFailure(Base):
    """A failed sign-in from one client address (its SHA-256): the per-address rate limit counts
    these, for its window only."""

    __tablename__ = "staff_login_failures"
    __table_args__ = (Index("ix_staff_login_failures_client_at", "client", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    client: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class OfficeClosure(Base):
    """A closure day (`closes_at` NULL) or an early closing added by staff, laid over the
    config's schedule."""

    __tablename__ = "office_closures"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    closes_at: Mapped[str | None] = mapped_column(String(5))  # "12:00"
    reason_de: Mapped[str] = mapped_column(String(200))
    reason_en: Mapped[str | None] = mapped_column(String(200))
    actor: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class EventRow(Base):
    """A domain event (office.lifecycle), written in the transaction of the change it reports.

    Ids grow in commit order (storage.events takes a lock for the insert at commit), so a
    consumer's cursor is the last id it handled.
    """

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    kind: Mapped[str] = mapped_column(String(32))
    appointment_code: Mapped[str | None] = mapped_column(String(24))
    payload: Mapped[dict] = mapped_column(Json)


class EventCursor(Base):
    """How far one consumer has handled the events; advanced in the transaction that handles."""

    __tablename__ = "event_cursors"
    consumer: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_id: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class VerificationRow(Base):
    """A one-time code and/or link token (office.verification): only their hashes are kept.

    `subject` is what the secret is for (an appointment code, a chat sender, a mailbox key),
    within its `purpose`; `used_at` is set when it is redeemed, and also when a newer one for
    the same purpose and subject replaces it, so only one is ever live.
    """

    __tablename__ = "verifications"
    __table_args__ = (Index("ix_verifications_purpose_subject", "purpose", "subject"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(300))
    address: Mapped[str | None] = mapped_column(String(254))
    sender: Mapped[str | None] = mapped_column(String(200))
    code_salt: Mapped[str | None] = mapped_column(String(32))
    code_hash: Mapped[str | None] = mapped_column(String(64))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


WAITING_SQL = "state IN ('waiting', 'offered')"  # office.waitlist.ACTIVE_ENTRY
OPEN_SQL = "state = 'open'"


class WaitlistEntry(Base):
    """A citizen waiting for a seat (office.waitlist.Wish), first come first served by id.

    `holder_slot` numbers a holder's active entries 1..max_entries_per_person under a partial
    unique index, as appointments do; name and contact are kept only while the entry is active.
    """

    __tablename__ = "waitlist_entries"
    __table_args__ = (
        Index(
            "uq_waitlist_entries_active_holder",
            "holder",
            "holder_slot",
            unique=True,
            sqlite_where=text(WAITING_SQL),
            postgresql_where=text(WAITING_SQL),
        ),
        Index("ix_waitlist_entries_state_id", "state", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))  # the verified chat ("telegram:123")
    holder_slot: Mapped[int | None] = mapped_column(Integer)
    service_id: Mapped[str] = mapped_column(String(64))
    household_size: Mapped[int] = mapped_column(Integer, default=1)
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    part_of_day: Mapped[str | None] = mapped_column(String(16))
    appointment_code: Mapped[str | None] = mapped_column(String(24))  # waiting for an earlier one
    before: Mapped[datetime | None] = mapped_column(UTCDateTime)
    name: Mapped[str | None] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8), default="de")
    state: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class WaitlistRelease(Base):
    """One seat the life cycle freed (a SeatFreed event counts `seats` of them), and what became
    of it (office.waitlist.ReleaseState): every freed seat is offered or says why not."""

    __tablename__ = "waitlist_releases"
    __table_args__ = (
        UniqueConstraint("event_id", "unit"),
        Index("ix_waitlist_releases_state_id", "state", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(BigInteger)
    unit: Mapped[int] = mapped_column(Integer)  # 0..seats-1 of the event
    service_id: Mapped[str] = mapped_column(String(64))
    slot_start: Mapped[datetime] = mapped_column(UTCDateTime)
    slot_end: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(16))
    offers: Mapped[int] = mapped_column(Integer, default=0)
    freed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    rebooked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class WaitlistOffer(Base):
    """A freed seat held for one waiter until `expires_at`. At most one open offer per freed
    seat and per entry: partial unique indexes, so a raced second offer cannot be written."""

    __tablename__ = "waitlist_offers"
    __table_args__ = (
        Index(
            "uq_waitlist_offers_open_release",
            "release_id",
            unique=True,
            sqlite_where=text(OPEN_SQL),
            postgresql_where=text(OPEN_SQL),
        ),
        Index(
            "uq_waitlist_offers_open_entry",
            "entry_id",
            unique=True,
            sqlite_where=text(OPEN_SQL),
            postgresql_where=text(OPEN_SQL),
        ),
        Index("ix_waitlist_offers_state_expires_at", "state", "expires_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(
        ForeignKey("waitlist_releases.id", ondelete="CASCADE"), index=True
    )
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("waitlist_entries.id", ondelete="CASCADE"), index=True
    )
    hold_id: Mapped[str] = mapped_column(String(32))
    slot_start: Mapped[datetime] = mapped_column(UTCDateTime)
    slot_end: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
