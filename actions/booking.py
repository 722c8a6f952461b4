"""The booking form: service → day → time (held) → name → contact → summary → booked.

Every value, typed or tapped, is validated against the live booking service: a forged or
stale button gets the same polite refusal as a typo.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from actions.context import BaseAction, FormValidation, Say, lang_of, now_of
from actions.sdk import ActiveLoop, SlotSet, Tracker
from app.services import Services
from office import notices, senders, wording
from office.booking import (
    Appointment,
    Blocked,
    Booked,
    Held,
    LimitReached,
    NotFound,
    OutsideSchedule,
    SlotTaken,
    TooFarAhead,
    TooLate,
    TooManyHeld,
)
from office.contacts import InvalidContact, is_email, normalize_contact
from office.ics import appointment_ics
from office.payload import write
from office.schedule import Kind
from office.senders import channel_of
from office.slots import PARTS_OF_DAY, Slot
from office.texts import t
from office.verification import needs_code
from office.waitlist import VERIFIED_CHANNELS

DAYS_OFFERED = 6
# On the web a hold needs a proof of work: each question before the time is chosen carries a
# request for one (the channel adds the challenge, the widget solves it meanwhile).
PROOF = {"proof": "hold"}
SLOTS_OFFERED = 8


class ValidateBookingForm(FormValidation):
    """Checks each value the citizen gives; a refused value is asked for again."""

    form = "booking_form"

    async def required_slots(self, domain_slots, dispatcher, tracker: Tracker, domain) -> list:
        """Household size and part of day are taken when given, never asked for."""
        extra = ["persons", "part_of_day"] if self.form == "booking_form" else ["part_of_day"]
        return [*domain_slots, *extra, "after"]

    def validate_after(self, value: Any, dispatcher, tracker: Tracker, domain) -> dict:
        """'Spätere Zeiten': after the last time offered (typed) or the button's time."""
        text = str(value)
        if text == "later":
            return {"after": tracker.get_slot("shown_until")}
        return {"after": text if _is_day(text) else None}

    def validate_persons(self, value: Any, dispatcher, tracker: Tracker, domain) -> dict:
        text = str(value)
        persons = int(text) if text.isdigit() else 0
        if 1 <= persons <= self.ctx.city.booking.max_household:
            changed = persons != wanted(self.ctx, tracker)[1]
            if changed and tracker.get_slot("slot"):  # a longer appointment: choose the time again
                self.ctx.booking.release_hold(tracker.sender_id)
                lang = lang_of(tracker)
                Say(dispatcher, lang)(t(lang, "book.persons_changed", n=persons))
            return {"persons": str(persons)} | ({"slot": None, "hold": None} if changed else {})
        lang = lang_of(tracker)
        Say(dispatcher, lang)(t(lang, "book.too_many", max=self.ctx.city.booking.max_household))
        return {"persons": None}

    def validate_part_of_day(self, value: Any, dispatcher, tracker: Tracker, domain) -> dict:
        return {"part_of_day": value if value in PARTS_OF_DAY else None}

    def validate_service(self, value: Any, dispatcher, tracker: Tracker, domain) -> dict:
        """One service or a household's several ('personalausweis,kinderreisepass'); 'noch …
        dazu' adds to those chosen. A change frees the held time and re-checks the day."""
        say = Say(dispatcher, lang_of(tracker))
        ids = [i for i in dict.fromkeys(str(value).split(",")) if self.ctx.city.service(i)]
        if not ids:
            say(say.t("book.unknown_service"))
            return {"service": None}
        before = services_of(tracker)
        if before and "add" in _topics(tracker):
            ids = list(dict.fromkeys(before + ids))
        if len(ids) > self.ctx.city.booking.max_household:
            say(say.t("book.too_many", max=self.ctx.city.booking.max_household))
            return {"service": None}
        chosen = ",".join(ids)
        result: dict[str, Any] = {"service": chosen}
        if before and ids != before:
            found = [s for i in ids if (s := self.ctx.city.service(i))]
            names = wording.joined([s.name[say.lang] for s in found], say.lang)
            say(say.t("book.service_changed", services=names))
            if tracker.get_slot("slot"):
                self.ctx.booking.release_hold(tracker.sender_id)
                result |= {"slot": None, "hold": None}
        day = tracker.get_slot("date")
        if day and "date" not in _given(tracker):  # a day chosen before the service: check it now
            now = now_of(tracker, self.ctx)
            persons = max(len(ids), _persons(tracker))
            longest = _longest(self.ctx, ids)
            result["date"] = checked_day(self.ctx, say, longest, persons, day, now,
                                         tracker.sender_id)  # fmt: skip
        return result

    def validate_date(self, value: Any, dispatcher, tracker: Tracker, domain) -> dict:
        if tracker.get_slot("requested_slot") == "code":
            return {"date": None}  # the day named the appointment to change, not the new one
        say, now = Say(dispatcher, lang_of(tracker)), now_of(tracker, self.ctx)
        service, persons = wanted(self.ctx, tracker)
        if service is None:  # no service yet: nothing to call full; checked once it is chosen
            return {"date": plain_day(self.ctx, say, value, now)}
        day = checked_day(self.ctx, say, service, persons, value, now, tracker.sender_id)
        held = tracker.get_slot("slot")
        if day and held and held[:10] != day:  # another day: the held time goes
            self.ctx.booking.release_hold(tracker.sender_id)
            return {"date": day, "slot": None, "hold": None, "after": None}
        if day != tracker.get_slot("date"):
            return {"date": day, "after": None}
        return {"date": day}

    def validate_slot(self, value: Any, dispatcher, tracker: Tracker, domain) -> dict:
        say, now = Say(dispatcher, lang_of(tracker)), now_of(tracker, self.ctx)
        service, persons = wanted(self.ctx, tracker)
        start = slot_start(self.ctx, str(value), tracker.get_slot("date"))
        if service is None or start is None:
            say(say.t("book.outside"))
            return {"slot": None}
        metadata = (tracker.latest_message or {}).get("metadata", {})
        unproven = bool(metadata.get("proof_required") and not metadata.get("proof_ok"))
        if self.form != "booking_form" or unproven:
            # No hold: a reschedule moves at its end; a web client that brought no proof of
            # work (a plain REST script) has the time only if it is still free when it books.
            free = self.ctx.booking.free_slots(
                service, now, day=start.date(), after=start, limit=1, household_size=persons
            )
            if not free or free[0].start != start:
                say(say.t("book.outside"))
                return {"slot": None}
            if self.form == "booking_form":
                self.ctx.booking.release_hold(tracker.sender_id)
                say(say.t("book.not_held"))
                return {"slot": start.isoformat(), "date": start.date().isoformat(), "hold": None}
            return {"slot": start.isoformat(), "date": start.date().isoformat()}
        outcome = self.ctx.booking.hold(
            service,
            start,
            tracker.sender_id,
            now,
            household_size=persons,
            client=metadata.get("client"),
        )
        if isinstance(outcome, Held):
            minutes = round((outcome.expires_at - now).total_seconds() / 60)
            day, at = wording.day_name(outcome.start.date(), say.lang), wording.clock(outcome.start)
            say(say.t("book.held", day=day, time=at, minutes=minutes))
            return {
                "slot": outcome.start.isoformat(),
                "date": outcome.start.date().isoformat(),
                "hold": outcome.hold_id,
                "expired": None,
                "after": None,
            }
        refuse(self.ctx, say, outcome)
        if isinstance(outcome, TooManyHeld) and outcome.reason == "day":
            return {"slot": None, "date": None}  # another day, then
        return {"slot": None}

    def validate_code(self, value: Any, dispatcher, tracker: Tracker, domain) -> dict:
        """Cancel and reschedule: the code must be one of this sender's appointments."""
        code = str(value).strip().upper()
        if _is_day(code):  # a day typed at the question which appointment
            now = now_of(tracker, self.ctx)
            mine = self.ctx.booking.appointments_of(tracker.sender_id, now)
            on_day = [
                a
                for a in mine
                if a.start.astimezone(self.ctx.city.tz).date().isoformat() == code[:10]
            ]
            if len(on_day) == 1:
                return {"code": on_day[0].code, "date": None}
        elif self.ctx.booking.appointment(code, by_person=tracker.sender_id):
            return {"code": code}
        Say(dispatcher, lang_of(tracker))(t(lang_of(tracker), "cancel.unknown"))
        return {"code": None}

    def validate_name(self, value: Any, dispatcher, tracker: Tracker, domain) -> dict:
        name = wording.printable(str(value))
        if 0 < len(name) <= 120 and any(c.isalpha() for c in name):
            return {"name": name}
        Say(dispatcher, lang_of(tracker))(t(lang_of(tracker), "book.bad_name"))
        return {"name": None}

    def validate_contact(self, value: Any, dispatcher, tracker: Tracker, domain) -> dict:
        text = str(value).strip()
        email = is_email(text)
        if not email and self.form == "booking_form" and needs_proof(self.ctx, tracker.sender_id):
            Say(dispatcher, lang_of(tracker))(t(lang_of(tracker), "verify.email_only"))
            return {"contact": None}
        contact = normalize_contact(text, None) if email else normalize_contact(None, text)
        if isinstance(contact, InvalidContact):
            Say(dispatcher, lang_of(tracker))(t(lang_of(tracker), contact_refusal(contact)))
            return {"contact": None}
        return {"contact": contact.email or contact.phone}

    def validate_confirmed(self, value: Any, dispatcher, tracker: Tracker, domain) -> dict:
        metadata = (tracker.latest_message or {}).get("metadata", {})
        if (
            self.form == "booking_form"
            and value is True
            and not tracker.get_slot("hold")  # a hold was proven when it was made
            and metadata.get("proof_required")
            and not metadata.get("proof_ok")
            and not needs_proof(self.ctx, tracker.sender_id)  # the e-mail code proves instead
        ):
            Say(dispatcher, lang_of(tracker))(t(lang_of(tracker), "book.proof_needed_confirm"))
            return {"confirmed": None}
        return {"confirmed": value}


class StartBooking(BaseAction):
    """Before any question: someone at the appointment limit is offered to move or cancel."""

    action_name = "action_start_booking_form"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        mine = self.ctx.booking.appointments_of(tracker.sender_id, now)
        if len(mine) < self.ctx.city.booking.max_active_per_person:
            return None
        refuse(self.ctx, say, LimitReached(mine[0]))
        return [ActiveLoop(None)]


class AskService(BaseAction):
    action_name = "action_ask_booking_form_service"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        buttons = [
            {"title": s.name[say.lang], "payload": write("inform", service=s.id)}
            for s in self.ctx.city.services
        ]
        text = say.t("book.ask_service") + "\n" + say.t("book.household_hint")
        say(text, buttons + [say.button("button.abort", "/stop")], custom=PROOF)
        return None


class AskDate(BaseAction):
    """Offers the next days with free slots for the chosen service."""

    action_name = "action_ask_booking_form_date"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        return ask_day(self.ctx, say, tracker, now, custom=PROOF)


class AskSlot(BaseAction):
    action_name = "action_ask_booking_form_slot"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        return ask_time(self.ctx, say, tracker, now, custom=PROOF)


class AskName(BaseAction):
    action_name = "action_ask_booking_form_name"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        say(say.t("book.ask_name"), [say.button("button.abort", "/stop")])
        return None


class AskContact(BaseAction):
    action_name = "action_ask_booking_form_contact"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        say(say.t("book.ask_contact"), [say.button("button.abort", "/stop")])
        return None


class AskConfirmed(BaseAction):
    """The summary. Channels that check for humans (the web) did so at the hold; a booking
    without one asks for the proof now."""

    action_name = "action_ask_booking_form_confirmed"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        start = datetime.fromisoformat(tracker.get_slot("slot"))
        persons = wanted(self.ctx, tracker)[1]
        say(
            say.t(
                "book.summary",
                service=household(self.ctx, services_of(tracker), persons, say.lang),
                day=wording.day_name(start.date(), say.lang),
                time=wording.clock(start),
                name=tracker.get_slot("name"),
                contact=tracker.get_slot("contact"),
            ),
            yes_no(say),
            custom=None if tracker.get_slot("hold") else {"proof": "booking"},
        )
        return None


class ReleaseHold(BaseAction):
    """The citizen left the booking form (abort, another topic, another form): the held seat is
    free for others at once, not only when the hold runs out."""

    action_name = "action_release_hold"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        self.ctx.booking.release_hold(tracker.sender_id)
        return [SlotSet("hold", None), SlotSet("slot", None)]


class SubmitBooking(BaseAction):
    """Books the held slot; every outcome of the booking service gets its own answer."""

    action_name = "action_submit_booking_form"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        booking = self.ctx.booking
        if not tracker.get_slot("confirmed"):
            booking.release_hold(tracker.sender_id)
            say(say.t("book.not_booked"), say.main_options())
            return None
        contact = tracker.get_slot("contact") or ""
        pending = needs_proof(self.ctx, tracker.sender_id)
        by_chat = channel_of(tracker.sender_id) == "telegram"
        outcome = booking.book(
            datetime.fromisoformat(tracker.get_slot("slot")),
            wanted(self.ctx, tracker)[0] or "",  # validated: the form asks until it is set
            tracker.get_slot("name") or "",
            email=contact if is_email(contact) else None,
            phone=None if is_email(contact) else contact,
            sender=tracker.sender_id,
            lang=say.lang,
            now=now,
            hold_id=tracker.get_slot("hold"),
            household_size=wanted(self.ctx, tracker)[1],
            client=(tracker.latest_message or {}).get("metadata", {}).get("client"),
            pending=pending,
            check_email=by_chat and is_email(contact) and self.ctx.settings.verify_contacts,
        )
        if isinstance(outcome, Booked) and pending:
            a = outcome.appointment
            minutes = self.ctx.city.booking.verify_minutes
            say(say.t("verify.sent", minutes=minutes, email=a.email or contact) + "\n"
                + say.t("verify.ask_code"), [say.button("button.abort", "/stop")])  # fmt: skip
            return [ActiveLoop("verify_form"), SlotSet("pending", a.code)]
        if isinstance(outcome, Booked):
            confirm_booked(self.ctx, say, outcome.appointment, now, services=services_of(tracker))
            if by_chat and is_email(contact) and self.ctx.settings.verify_contacts:
                say(say.t("verify.email_sent"))
            return None
        refuse(self.ctx, say, outcome)
        return None


def needs_proof(ctx: Services, sender: str) -> bool:
    """Whether this chat's booking waits for the e-mail code (the web, when contacts are
    verified; a Telegram account is proof of its own)."""
    return ctx.settings.verify_contacts and needs_code(channel_of(sender))


def confirm_booked(
    ctx: Services,
    say: Say,
    appointment: Appointment,
    now: datetime,
    key: str = "book.booked",
    services: list[str] | None = None,
) -> None:
    """The confirmation with code, date, the persons and services, what each must bring, and
    the .ics file."""
    ids = services or [appointment.service_id]
    start = appointment.start.astimezone(ctx.city.tz)
    what = say.t(
        "appointment",
        service=household(ctx, ids, appointment.household_size, say.lang),
        day=wording.day_name(start.date(), say.lang),
        time=wording.clock(start),
    )
    lines = [say.t(key, appointment=what, code=appointment.code)]
    known = [s for i in ids if (s := ctx.city.service(i)) and s.bring.get(say.lang)]
    for service in known:
        items = ", ".join(service.bring[say.lang])
        if len(known) == 1:
            lines.append(say.t("book.bring", items=items))
        else:
            lines.append(say.t("book.bring_for", service=service.name[say.lang], items=items))
    ics = {
        "filename": f"termin-{appointment.code}.ics",
        "content": appointment_ics(ctx.city, appointment, say.lang, now),
    }
    # The facts a client shows apart from the text (the widget's confirmation card), worded here.
    facts = {
        "code": appointment.code,
        "date": wording.day_name(start.date(), say.lang),
        "time": say.t("widget.time", time=wording.clock(start)),
        "place": ctx.city.place(say.lang),
    }
    say("\n".join(lines), say.main_options(), custom={"ics": ics, "booking": facts})


def household(ctx: Services, ids: list[str], persons: int, lang: str) -> str:
    """'Personalausweis und Kinderreisepass', 'Reisepass für 2 Personen'."""
    names = wording.joined([s.name[lang] for i in ids if (s := ctx.city.service(i))], lang)
    if persons > max(len(ids), 1):
        return t(lang, "book.for_persons", service=names, n=persons)
    return names


def describe(ctx: Services, appointment: Appointment, lang: str) -> str:
    """'Reisepass am Mittwoch, 15. September 2021 um 09:00 Uhr'."""
    return notices.describe(ctx.city, appointment, lang)


def wanted(ctx: Services, tracker: Tracker) -> tuple[str | None, int]:
    """Service and persons of the booking: chosen in the booking form, or the appointment's
    own when rescheduling (looked up once)."""
    if tracker.get_slot("code"):
        appointment = _moving(ctx, tracker)
        return (appointment.service_id, appointment.household_size) if appointment else (None, 1)
    ids = services_of(tracker)
    return _longest(ctx, ids), max(len(ids), _persons(tracker))


def services_of(tracker: Tracker) -> list[str]:
    """The chosen service ids: one, or a household's several."""
    value = tracker.get_slot("service")
    return [i for i in str(value).split(",") if i] if value else []


def _longest(ctx: Services, ids: list[str]) -> str | None:
    """The service the household's appointment is booked as: the one that takes longest."""
    known = [s for i in ids if (s := ctx.city.service(i))]
    return max(known, key=lambda s: s.minutes).id if known else None


def _persons(tracker: Tracker) -> int:
    persons = str(tracker.get_slot("persons") or "1")
    return int(persons) if persons.isdigit() else 1


def _topics(tracker: Tracker) -> set[str]:
    entities = (tracker.latest_message or {}).get("entities", [])
    return {str(e.get("value")) for e in entities if e.get("entity") == "topic"}


def _given(tracker: Tracker) -> set[str]:
    """The slots this turn's message offers (the trailing slot events, as the form loop sends)."""
    return {e.get("name") for e in tracker.events if e.get("event") == "slot"}


def _moving(ctx: Services, tracker: Tracker) -> Appointment | None:
    """The sender's appointment named by the `code` slot (cancel and reschedule forms)."""
    return ctx.booking.appointment(tracker.get_slot("code"), by_person=tracker.sender_id)


def refuse(ctx: Services, say: Say, outcome: Any) -> None:
    """The friendly answer to every outcome that is not a success."""
    if isinstance(outcome, SlotTaken):
        say(say.t("book.slot_taken"), slot_buttons(say, outcome.alternatives))
    elif isinstance(outcome, TooLate):
        say(
            say.t(
                "book.too_late",
                day=wording.day_name(outcome.earliest.date(), say.lang),
                time=wording.clock(outcome.earliest),
            )
        )
    elif isinstance(outcome, TooFarAhead):
        say(say.t("book.too_far", day=wording.day_name(outcome.last_day, say.lang)))
    elif isinstance(outcome, Blocked):
        say(
            say.t("book.blocked", day=wording.day_name(outcome.until.date(), say.lang)),
            [say.button("button.walk_in", "/ask_walkin_hours")],
        )
    elif isinstance(outcome, LimitReached) and not outcome.own:
        say(say.t("book.limit_sent"), say.main_options())  # the details went to its owner
    elif isinstance(outcome, LimitReached):
        code = outcome.existing.code
        say(
            say.t("book.limit", appointment=describe(ctx, outcome.existing, say.lang)),
            [
                {
                    "title": say.t("button.reschedule"),
                    "payload": write("reschedule_appointment", code=code),
                },
                {
                    "title": say.t("button.cancel"),
                    "payload": write("cancel_appointment", code=code),
                },
            ],
        )
    elif isinstance(outcome, TooManyHeld):
        say(say.t(f"book.too_many_held.{outcome.reason}"))
    elif isinstance(outcome, InvalidContact):
        say(say.t(contact_refusal(outcome)))
    elif isinstance(outcome, OutsideSchedule | NotFound):
        say(say.t("book.outside"))
    else:
        say(say.t("error"))


def contact_refusal(invalid: InvalidContact) -> str:
    """The text key that says what is wrong with a name or contact, without echoing it."""
    if invalid.field == "name":
        return "book.bad_name"
    return {
        "too_long": "book.contact_too_long",
        "invisible": "book.contact_invisible",
        "look_alike": "book.contact_look_alike",
    }.get(invalid.reason, "book.bad_contact")


def checked_day(
    ctx: Services,
    say: Say,
    service: str | None,
    persons: int,
    value: Any,
    now: datetime,
    sender: str = "",
) -> str | None:
    """The ISO day if it has a free slot for `service`; otherwise says why and returns None
    (a full day with the way onto the waitlist, where the chat may wait)."""
    try:
        day = date.fromisoformat(str(value)[:10])
    except ValueError:
        say(say.t("book.bad_date"))
        return None
    if day < now.date():
        say(say.t("book.past", day=wording.day_name(day, say.lang)))
        return None
    last = now.date() + timedelta(days=ctx.city.booking.horizon_days)
    if day > last:
        say(say.t("book.too_far", day=wording.day_name(last, say.lang)))
        return None
    if service and ctx.booking.free_slots(service, now, day=day, limit=1, household_size=persons):
        return day.isoformat()
    schedule = ctx.city.schedule
    if schedule.day(day, Kind.APPOINTMENT):
        join = waitlist_buttons(ctx, say, sender, service, day.isoformat())
        say(say.t("book.day_full", day=wording.day_name(day, say.lang)), join)
    else:  # closed, a holiday, or walk-in only: the day's hours say why
        say(wording.describe_day(schedule, day, say.lang))
    return None


def plain_day(ctx: Services, say: Say, value: Any, now: datetime) -> str | None:
    """A day before the service is known: only whether it is a day, not past, not too far."""
    try:
        day = date.fromisoformat(str(value)[:10])
    except ValueError:
        say(say.t("book.bad_date"))
        return None
    last = now.date() + timedelta(days=ctx.city.booking.horizon_days)
    if day < now.date():
        say(say.t("book.past", day=wording.day_name(day, say.lang)))
        return None
    if day > last:
        say(say.t("book.too_far", day=wording.day_name(last, say.lang)))
        return None
    return day.isoformat()


def _is_day(text: str) -> bool:
    try:
        date.fromisoformat(text[:10])
    except ValueError:
        return False
    return True


def slot_start(ctx: Services, value: str, day: str | None) -> datetime | None:
    """A slot from a button (ISO instant) or a typed time ('09:30') on the chosen day."""
    try:
        if len(value) == 5 and day:
            return datetime.combine(date.fromisoformat(day), time.fromisoformat(value), ctx.city.tz)
        start = datetime.fromisoformat(value)
    except ValueError:
        return None
    return start.astimezone(ctx.city.tz) if start.tzinfo else start.replace(tzinfo=ctx.city.tz)


def ask_day(
    ctx: Services, say: Say, tracker: Tracker, now: datetime, custom: dict | None = None
) -> list[dict[str, Any]] | None:
    """The next days with a free slot for the service and household, as buttons (`custom`:
    the booking form's request for a proof of work, needed at the hold)."""
    service, persons = wanted(ctx, tracker)
    days = ctx.booking.free_days(service or "", now, limit=DAYS_OFFERED, household_size=persons)
    if not days:
        join = waitlist_buttons(ctx, say, tracker.sender_id, service)
        say(say.t("book.no_days"), join + [say.button("button.walk_in", "/ask_walkin_hours")])
        return [ActiveLoop(None)]
    buttons = [
        {"title": wording.short_day(d, say.lang), "payload": write("inform", date=d.isoformat())}
        for d in days
    ]
    say(say.t("book.ask_date"), buttons + [say.button("button.abort", "/stop")], custom=custom)
    return None


def ask_time(
    ctx: Services, say: Say, tracker: Tracker, now: datetime, custom: dict | None = None
) -> list[dict[str, Any]] | None:
    """The next free times on the chosen day, in the part of the day asked for if any is free."""
    service, persons = wanted(ctx, tracker)
    day = tracker.get_slot("date")
    d = date.fromisoformat(day) if day else now.date()
    slots = ctx.booking.free_slots(service or "", now, day=d, limit=64, household_size=persons)
    part = PARTS_OF_DAY.get(tracker.get_slot("part_of_day") or "")
    if part:
        slots = [s for s in slots if part[0] <= s.start.time() < part[1]] or slots
    after = tracker.get_slot("after")
    lines = []
    expired = tracker.get_slot("expired")
    if expired:  # named as such; the time is offered again while it is free
        was = datetime.fromisoformat(expired)
        free = any(s.start == was for s in slots)
        key = "book.hold_expired_free" if free else "book.hold_expired_taken"
        lines.append(
            say.t(key, day=wording.day_name(was.date(), say.lang), time=wording.clock(was))
        )
        if free:
            slots = [s for s in slots if s.start == was] + [s for s in slots if s.start != was]
    elif after:
        later = [s for s in slots if s.start > datetime.fromisoformat(after)]
        if not later:
            lines.append(say.t("book.no_later"))
        slots = later or slots
    page = slots[:SLOTS_OFFERED]
    lines.append(say.t("book.ask_slot", day=wording.day_name(d, say.lang)))
    buttons = slot_buttons(say, page)
    if len(slots) > SLOTS_OFFERED:
        buttons.append(
            {
                "title": say.t("button.later"),
                "payload": write("inform", after=page[-1].start.isoformat()),
            }
        )
    say("\n".join(lines), buttons + [say.button("button.abort", "/stop")], custom=custom)
    return [SlotSet("shown_until", page[-1].start.isoformat())] if page else None


def slot_buttons(say: Say, slots: tuple[Slot, ...] | list[Slot]) -> list[dict[str, str]]:
    """One button per slot; a slot on another day than the first says its day."""
    first_day = slots[0].start.date() if slots else None
    return [
        {
            "title": wording.clock(s.start)
            if s.start.date() == first_day
            else f"{wording.short_day(s.start.date(), say.lang)} {wording.clock(s.start)}",
            "payload": write("inform", slot=s.start.isoformat()),
        }
        for s in slots
    ]


def waitlist_buttons(
    ctx: Services, say: Say, sender: str, service_id: str | None, day: str | None = None
) -> list[dict[str, str]]:
    """'Auf die Warteliste' after "kein Termin frei", where the chat may wait for the service."""
    if senders.channel_of(sender) not in VERIFIED_CHANNELS:
        return []
    if service_id and not ctx.city.waitlist.on_for(service_id):
        return []
    values = {k: v for k, v in (("service", service_id), ("date", day)) if v}
    return [say.button("button.waitlist", write("waitlist_join", **values))]


def yes_no(say: Say) -> list[dict[str, str]]:
    return [say.button("button.yes", "/affirm"), say.button("button.no", "/deny")]
