"""Verified contacts in storage: a pending booking proven by its e-mail code or link, an e-mail
address given in a chat proven by its code (typed in that chat) or link, the release of what
was not proven in time, and the e-mails these steps send (each queued in the outbox in the
transaction of the step).

Identity follows proof only. A chat is linked to a person (an `Account` row) when that chat's
booking was verified, or when the person's address was proven for it; until then the chat sees
its own bookings and nothing of the person's. The same proof makes a Telegram chat and the
mailbox keys of one person for the limit (`storage.identities`). Whoever meets the
one-appointment limit of a contact they have not proven learns nothing of the appointment: it
goes to its owner instead (`tell_owner`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from office import notices, senders
from office.booking import Appointment, Confirmed, ConfirmOutcome, NotFound
from office.contacts import Email, canonical_email
from office.elapsed import before
from office.ics import appointment_ics
from office.identity import proven_together
from office.lifecycle import ACTIVE, Status, Transition
from office.verification import (
    BOOKING,
    CANCEL,
    EMAIL,
    CheckOutcome,
    Links,
    Unknown,
    Verified,
)
from storage import audit, identities, verification
from storage.appointments import ACCOUNTS, link_token
from storage.lifecycle import CITIZEN, AppointmentChanges
from storage.models import Account, AppointmentRow, NoShow, Person
from storage.outbox import Route, insert_rows, new_row
from storage.upsert import insert_missing

EMAIL_CHECK_TTL = timedelta(hours=48)  # an address given in a chat: the link lasts two days
UNVERIFIED = "unverified"  # the cancel reason of a pending booking released


class ContactProofs(AppointmentChanges):
    """Proving contacts for the booking service; `links` makes the URLs in its e-mails."""

    links: Links = Links()

    # Issued with a booking (in the booking's transaction)

    def send_booking_code(self, s: Session, a: Appointment, email: str, sender: str | None,
                          now: datetime) -> None:  # fmt: skip
        """The code and link that turn the pending booking `a` into a booking."""
        minutes = self.policy.verify_minutes
        issued = verification.issue(
            s, BOOKING, a.code, now, timedelta(minutes=minutes), address=email, sender=sender
        )
        assert issued.code and issued.token
        url = self.links.url(BOOKING, issued.token)
        notice = notices.code_notice(self.city, a, a.language, issued.code, url, minutes)
        row = new_row(Route("email", email), notice.payload(), f"code:{a.code}", "code", now)
        insert_rows(s, [row])

    def send_email_check(self, s: Session, a: Appointment, sender: str, email: str,
                         now: datetime) -> None:  # fmt: skip
        """The code and link that prove `email` for the chat `sender`, which booked `a` with
        it; the confirmation of `a` at once when the address is proven for that chat already
        (else once it is: `_email_proven`)."""
        key = _mailbox_key(email)
        if key and self._proven_for(s, key, sender):
            self._queue_confirmation(s, a, email, now)
            return
        lang = a.language
        issued = verification.issue(
            s, EMAIL, sender, now, EMAIL_CHECK_TTL, address=email, sender=sender
        )
        assert issued.code and issued.token
        hours = int(EMAIL_CHECK_TTL.total_seconds() // 3600)
        url = self.links.url(EMAIL, issued.token)
        notice = notices.email_check_notice(lang, issued.code, url, hours)
        key_ = f"email_check:{sender}:{now.isoformat()}"
        insert_rows(s, [new_row(Route("email", email), notice.payload(), key_, "email_check", now)])

    # Proof arriving

    def verify_code(self, appointment_code: str, typed: str, now: datetime) -> CheckOutcome:
        """The code typed in the chat for its pending booking; Verified books it."""
        with self.db.write() as s:
            found = verification.check_code(s, BOOKING, appointment_code, typed, now)
            if isinstance(found, Verified):
                self._verified_booking(s, found.subject, now)
            return found

    def verify_link(self, token: str, now: datetime) -> ConfirmOutcome:
        """The e-mail link's POST for a pending booking."""
        with self.db.write() as s:
            found = verification.redeem(s, BOOKING, token, now)
            if not isinstance(found, Verified):
                return NotFound()
            return self._verified_booking(s, found.subject, now)

    def verify_email_link(self, token: str, now: datetime) -> bool:
        """The e-mail link's POST for an address given in a chat: the chat is linked to the
        person of that mailbox, whose address is now proven."""
        with self.db.write() as s:
            found = verification.redeem(s, EMAIL, token, now)
            return isinstance(found, Verified) and self._email_proven(s, found, now)

    def verify_email_code(self, sender: str, typed: str, now: datetime) -> CheckOutcome:
        """The same e-mail's code, typed in the chat it was given in; Verified links them
        (Unknown also when the person of that mailbox is gone meanwhile)."""
        with self.db.write() as s:
            found = verification.check_code(s, EMAIL, sender, typed, now)
            if isinstance(found, Verified) and not self._email_proven(s, found, now):
                return Unknown()
            return found

    def _email_proven(self, s: Session, found: Verified, now: datetime) -> bool:
        if not found.address or not found.sender:
            return False
        key = _mailbox_key(found.address)
        person = s.scalars(select(Person).where(Person.key == key)).first() if key else None
        if person is None:  # the booking that gave it is gone (erased): nothing to link
            return False
        person.verified_at = now
        s.flush()  # the person's row locked before the link's: the order a booking takes
        self._link(s, person.id, person.key, found.sender, now)
        self._confirm_booked_from(s, person, found.sender, found.address, now)
        return True

    def _confirm_booked_from(self, s: Session, person: Person, sender: str, email: str,
                             now: datetime) -> None:  # fmt: skip
        """The confirmation e-mail of each appointment ahead that the chat booked with the
        address it has just proven (queued once: the outbox deduplicates by code)."""
        rows = s.scalars(
            select(AppointmentRow).where(
                AppointmentRow.person_id == person.id,
                AppointmentRow.sender == sender,
                AppointmentRow.status.in_([x.value for x in ACTIVE]),
                AppointmentRow.slot_end > now,
            )
        )
        for row in rows:
            self._queue_confirmation(s, self._view(row, person), email, now)

    def _verified_booking(self, s: Session, code: str, now: datetime) -> ConfirmOutcome:
        row = self._changeable(s, now, AppointmentRow.code == code, Transition.VERIFY)
        if not isinstance(row, AppointmentRow):
            return row
        view = self._change(s, row, Transition.VERIFY, CITIZEN, now)
        verification.revoke(s, BOOKING, code, now)
        if row.person_id is not None:
            s.execute(update(Person).where(Person.id == row.person_id).values(verified_at=now))
            if row.sender and row.person_key:
                self._link(s, row.person_id, row.person_key, row.sender, now)
        if view.email:
            self._queue_confirmation(s, view, view.email, now)
        return Confirmed(view)

    def _queue_confirmation(self, s: Session, a: Appointment, email: str, now: datetime) -> None:
        """The confirmation e-mail: appointment, code, cancel link and the .ics file."""
        token = link_token(s, CANCEL, a.code, now)
        url = self.links.url(CANCEL, token) if token else None
        ics = appointment_ics(self.city, a, a.language, now, url)
        notice = notices.booked_notice(self.city, a, a.language, url, ics)
        row = new_row(Route("email", email), notice.payload(), f"booked:{a.code}",
                      f"booked:{a.start.date().isoformat()}", now)  # fmt: skip
        insert_rows(s, [row])

    # The limit met with someone else's contact

    def tell_owner(self, a: Appointment, now: datetime) -> None:
        """Send the appointment to its owner's proven contact: the Telegram chat it was booked
        from, else the mailbox of its key (the one who can read that is its owner). At most one
        such e-mail a day per appointment, so nobody is flooded by strangers' attempts."""
        with self.db.write() as s:
            row = s.scalars(select(AppointmentRow).where(AppointmentRow.code == a.code)).first()
            if row is None:
                return
            if row.sender and senders.channel_of(row.sender) == "telegram":
                to = Route("telegram", row.sender)
            elif a.email:
                to = Route("email", a.email)
            else:
                return
            token = link_token(s, CANCEL, a.code, now) if to.channel == "email" else None
            url = self.links.url(CANCEL, token) if token else None
            notice = notices.existing_notice(self.city, a, a.language, url)
            key = f"existing:{a.code}:{now.date().isoformat()}"
            insert_rows(s, [new_row(to, notice.payload(), key, "existing", now, row.person_id)])

    # Not proven in time

    def release_unverified(self, now: datetime) -> int:
        """Release the pending bookings whose time to verify has passed (SeatFreed follows)."""
        cutoff = before(now, timedelta(minutes=self.policy.verify_minutes))
        a = AppointmentRow
        with self.db.write() as s:
            codes = list(
                s.scalars(
                    select(a.code).where(a.status == Status.PENDING.value, a.created_at <= cutoff)
                )
            )
            released = self.lifecycle.apply(s, Transition.RELEASE_UNVERIFIED, codes, "system",
                                            now, reason=UNVERIFIED)  # fmt: skip
            for code in codes:
                verification.revoke(s, BOOKING, code, now)
        return len(released)

    # No-shows

    def unblock(self, key: str, actor: str, now: datetime) -> int:
        """Staff lift a no-show block: the no-shows of the person with contact key `key`
        ("email:…", "phone:…") or of the chat account `key` ("telegram:…"); how many."""
        with self.db.write() as s:
            person_ids = list(s.scalars(select(Person.id).where(Person.key == key)))
            gone = (
                s.execute(
                    delete(NoShow)
                    .where(or_(NoShow.person_id.in_(person_ids), NoShow.sender == key))
                    .returning(NoShow.appointment_code)
                )
                .scalars()
                .all()
            )
            if gone:
                audit.record(s, now, actor, "unblock", sorted(set(gone)))
            return len(gone)

    # Links between chats and persons

    def _link(self, s: Session, person_id: int, key: str, sender: str, now: datetime) -> None:
        """The chat proved the contact `key` of the person: it sees their appointments, and
        both are one person to the limit (office.identity)."""
        identities.link(s.connection(), proven_together(key, sender), now)
        values = {
            "person_id": person_id,
            "sender": sender,
            "channel": senders.channel_of(sender),
            "created_at": now,
        }
        insert_missing(s, Account, values, ["person_id", "sender"])

    def _proven_for(self, s: Session, key: str, sender: str) -> bool:
        """Whether `sender` is linked to the person of `key` and its address is proven."""
        return (
            s.scalar(
                select(Person.id).where(
                    Person.key == key,
                    Person.verified_at.is_not(None),
                    Person.id.in_(ACCOUNTS),
                ),
                {"sender": sender},
            )
            is not None
        )

    def owns_person(self, s: Session, person_id: int | None, sender: str | None) -> bool:
        """Whether the chat `sender` is linked to the person (it proved their contact)."""
        if person_id is None or sender is None:
            return False
        found = s.scalar(
            select(Account.id).where(Account.person_id == person_id, Account.sender == sender)
        )
        return found is not None


def _mailbox_key(email: str) -> str | None:
    """The person key of an address (office.contacts), None if it is not one."""
    parsed = canonical_email(email)
    return f"email:{parsed.mailbox}" if isinstance(parsed, Email) else None
