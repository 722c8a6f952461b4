"""The waitlist in the chat: join when nothing fits ("Benachrichtigen Sie mich, wenn früher
etwas frei wird"), see, change and leave it, and answer an offer by button or by "ja"/"nein".

Only a chat whose account is a verified identity may wait: an offer must reach the citizen
within minutes and be answered by them alone. That is Telegram today; the web widget's visitor
is anonymous until e-mail verification (issue 14) covers the waitlist too.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from actions.booking import (
    ValidateBookingForm,
    confirm_booked,
    household,
    refuse,
    wanted,
    yes_no,
)
from actions.context import BaseAction, Say, entity, lang_of, now_of
from actions.sdk import ActiveLoop, FollowupAction, SlotSet, Tracker
from app.services import Services
from office import senders, wording
from office.booking import Booked, Rescheduled
from office.payload import write
from office.slots import PARTS_OF_DAY
from office.texts import t
from office.waitlist import VERIFIED_CHANNELS, Wish, check_wish, default_range
from storage.waitlist import AlreadyWaiting, Entry, Joined, OfferGone, WishRefused

KEPT = "="  # name and contact slots of a wish that needs none typed (they are on record)


def verified(sender: str) -> bool:
    return senders.channel_of(sender) in VERIFIED_CHANNELS


def wish_of(ctx: Services, tracker: Tracker, now: datetime, until: date | None = None) -> Wish:
    """The wish the form's slots describe (the own appointment's service when moving it)."""
    service, persons = wanted(ctx, tracker)
    first, last = default_range(ctx.city.waitlist, ctx.city.booking, now, ctx.city.tz)
    chosen = until or _day(tracker.get_slot("until")) or last
    part = tracker.get_slot("part_of_day")
    before = None
    code = tracker.get_slot("code")
    if code:
        mine = ctx.booking.appointment(code, by_person=tracker.sender_id)
        before = mine.start if mine else None
    return Wish(service or "", persons, first, chosen, part if part in PARTS_OF_DAY else None,
                before)  # fmt: skip


def describe_wish(ctx: Services, wish: Wish, lang: str) -> str:
    """'Personalausweis, Mo., 13.09. bis Mo., 27.09., vormittags'."""
    service = household(ctx, [wish.service_id], wish.household_size, lang)
    days = t(lang, "range.to", first=wording.short_day(wish.first_day, lang),
                     last=wording.short_day(wish.last_day, lang))  # fmt: skip
    parts = [service, days]
    if wish.part_of_day:
        parts.append(t(lang, f"part.{wish.part_of_day}"))
    if wish.before is not None:
        start = wish.before.astimezone(ctx.city.tz)
        parts.append(t(lang, "waitlist.earlier", day=wording.day_name(start.date(), lang),
                               time=wording.clock(start)))  # fmt: skip
    return ", ".join(parts)


def status_buttons(say: Say) -> list[dict[str, str]]:
    return [
        say.button("button.waitlist_status", write("waitlist_status")),
        say.button("button.waitlist_leave", write("waitlist_leave")),
    ]


class StartWaitlist(BaseAction):
    """Who may wait, and what is known already: someone with an appointment waits for an
    earlier one (its service, household, name and contact); `change` edits the own entry."""

    action_name = "action_start_waitlist_form"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        sender = tracker.sender_id
        if not verified(sender):
            say(say.t("waitlist.unverified"), say.main_options())
            return [ActiveLoop(None)]
        if not self.ctx.city.waitlist.enabled:
            say(say.t("waitlist.refused.off"), say.main_options())
            return [ActiveLoop(None)]
        entries = self.ctx.waitlist.entries_of(sender, now)
        if entries and not entity(tracker, "change"):
            wish = describe_wish(self.ctx, entries[0].wish, say.lang)
            say(say.t("waitlist.already", wish=wish), status_buttons(say))
            return [ActiveLoop(None)]
        if entries:
            entry = entries[0]
            events = [SlotSet("entry", str(entry.id)), SlotSet("name", KEPT),
                      SlotSet("contact", KEPT), SlotSet("persons", str(entry.wish.household_size)),
                      SlotSet("service", entry.wish.service_id)]  # fmt: skip
            if entry.appointment_code:
                events.append(SlotSet("code", entry.appointment_code))
            return events
        mine = self.ctx.booking.appointments_of(sender, now)
        if mine:
            a = mine[0]
            return [SlotSet("code", a.code), SlotSet("service", a.service_id),
                    SlotSet("persons", str(a.household_size)), SlotSet("name", KEPT),
                    SlotSet("contact", KEPT)]  # fmt: skip
        return None


class ValidateWaitlistForm(ValidateBookingForm):
    form = "waitlist_form"

    async def required_slots(self, domain_slots, dispatcher, tracker: Tracker, domain) -> list:
        return [*domain_slots, "persons", "part_of_day"]

    def validate_service(self, value: Any, dispatcher, tracker: Tracker, domain) -> dict:
        if tracker.get_slot("code"):  # waiting for an earlier time of the own appointment
            return {"service": tracker.get_slot("service")}
        found = super().validate_service(value, dispatcher, tracker, domain)
        chosen = found.get("service")
        if chosen and not all(self.ctx.city.waitlist.on_for(i) for i in chosen.split(",")):
            Say(dispatcher, lang_of(tracker))(t(lang_of(tracker), "waitlist.refused.off"))
            return {"service": None}
        return found

    def validate_until(self, value: Any, dispatcher, tracker: Tracker, domain) -> dict:
        say, now = Say(dispatcher, lang_of(tracker)), now_of(tracker, self.ctx)
        day = _day(str(value))
        if day is None:
            say(say.t("book.bad_date"))
            return {"until": None}
        wish = wish_of(self.ctx, tracker, now, until=day)
        refusal = check_wish(self.ctx.city.waitlist, self.ctx.city.booking, wish, now,
                             self.ctx.city.tz)  # fmt: skip
        if wish.service_id and refusal is not None:
            say(
                say.t(
                    f"waitlist.refused.{refusal.value}", days=self.ctx.city.waitlist.max_range_days
                )
            )
            return {"until": None}
        return {"until": day.isoformat()}


class AskWaitlistService(BaseAction):
    action_name = "action_ask_waitlist_form_service"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        buttons = [
            {"title": s.name[say.lang], "payload": write("inform", service=s.id)}
            for s in self.ctx.city.services
            if self.ctx.city.waitlist.on_for(s.id)
        ]
        say(say.t("waitlist.ask_service"), buttons + [say.button("button.abort", "/stop")])
        return None


class AskWaitlistUntil(BaseAction):
    """The last day, with buttons one, two and four weeks ahead (within the allowed range)."""

    action_name = "action_ask_waitlist_form_until"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        first, last = default_range(self.ctx.city.waitlist, self.ctx.city.booking, now,
                                    self.ctx.city.tz)  # fmt: skip
        buttons: list[dict[str, str]] = []
        for weeks in (1, 2, 4):
            day = min(first + timedelta(weeks=weeks), last)
            title = say.t("button.in_week") if weeks == 1 else say.t("button.in_weeks", n=weeks)
            if not buttons or buttons[-1]["payload"] != write("inform", until=day.isoformat()):
                buttons.append({"title": title, "payload": write("inform", until=day.isoformat())})
        text = say.t("waitlist.ask_until", days=self.ctx.city.waitlist.max_range_days)
        say(text, buttons + [say.button("button.abort", "/stop")])
        return None


class AskWaitlistName(BaseAction):
    action_name = "action_ask_waitlist_form_name"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        say(say.t("waitlist.ask_name"), [say.button("button.abort", "/stop")])
        return None


class AskWaitlistContact(BaseAction):
    action_name = "action_ask_waitlist_form_contact"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        say(say.t("book.ask_contact"), [say.button("button.abort", "/stop")])
        return None


class AskWaitlistConfirmed(BaseAction):
    action_name = "action_ask_waitlist_form_confirmed"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        wish = describe_wish(self.ctx, wish_of(self.ctx, tracker, now), say.lang)
        say(say.t("waitlist.summary", wish=wish), yes_no(say))
        return None


class SubmitWaitlist(BaseAction):
    """On the list (or the entry changed), keeping its place; a slot already free is named."""

    action_name = "action_submit_waitlist_form"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        if not tracker.get_slot("confirmed"):
            say(say.t("waitlist.not_joined"), say.main_options())
            return None
        wish = wish_of(self.ctx, tracker, now)
        entry_id = tracker.get_slot("entry")
        waitlist = self.ctx.waitlist
        if entry_id:
            outcome = waitlist.change(tracker.sender_id, int(entry_id), wish, now)
        else:
            name, contact = tracker.get_slot("name"), tracker.get_slot("contact") or ""
            kept = contact == KEPT
            outcome = waitlist.join(
                tracker.sender_id, wish, now, lang=say.lang,
                name=None if kept else name,
                email=None if kept or "@" not in contact else contact,
                phone=None if kept or "@" in contact else contact,
                appointment_code=tracker.get_slot("code"),
            )  # fmt: skip
        if isinstance(outcome, WishRefused):
            days = self.ctx.city.waitlist.max_range_days
            say(say.t(f"waitlist.refused.{outcome.reason.value}", days=days), say.main_options())
        elif isinstance(outcome, AlreadyWaiting):
            text = say.t("waitlist.already", wish=describe_wish(self.ctx, outcome.entry.wish,
                                                                 say.lang))  # fmt: skip
            say(text, status_buttons(say))
        elif isinstance(outcome, Joined):
            self._joined(say, outcome.entry, now)
        return None

    def _joined(self, say: Say, entry: Entry, now: datetime) -> None:
        lines = [say.t("waitlist.joined", wish=describe_wish(self.ctx, entry.wish, say.lang))]
        if entry.appointment_code:
            lines.append(say.t("waitlist.joined_earlier"))
        buttons = status_buttons(say)
        if _free_now(self.ctx, entry.wish, now):
            lines.append(say.t("waitlist.free_now"))
            book = {"service": entry.wish.service_id}
            key = "button.reschedule" if entry.appointment_code else "button.book"
            intent = "reschedule_appointment" if entry.appointment_code else "book_appointment"
            if entry.appointment_code:
                book = {"code": entry.appointment_code}
            buttons.insert(0, say.button(key, write(intent, **book)))
        say("\n".join(lines), buttons)


def _free_now(ctx: Services, wish: Wish, now: datetime) -> bool:
    """Whether a slot that fits the wish is free right now (the citizen can book it at once)."""
    slots = ctx.booking.free_slots(wish.service_id, now, limit=200,
                                   household_size=wish.household_size)  # fmt: skip
    return any(wish.fits(s.start, ctx.city.tz) for s in slots)


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


class _Answer(BaseAction):
    """Accept or decline the offer a button names, else the citizen's one open offer."""

    accept = True

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        offer_id = _offer_id(entity(tracker, "offer"))
        if offer_id is None:
            offer = self.ctx.waitlist.open_offer(tracker.sender_id, now)
            if offer is None:
                return self.nothing_open(say)
            offer_id = offer.id
        if self.accept:
            outcome = self.ctx.waitlist.accept(offer_id, tracker.sender_id, now)
            if isinstance(outcome, Booked):
                confirm_booked(self.ctx, say, outcome.appointment, now)
            elif isinstance(outcome, Rescheduled):
                confirm_booked(self.ctx, say, outcome.appointment, now, "reschedule.done")
            elif isinstance(outcome, OfferGone):
                say(say.t("waitlist.gone"), say.main_options())
            else:
                refuse(self.ctx, say, outcome)
        elif self.ctx.waitlist.decline(offer_id, tracker.sender_id, now):
            say(say.t("waitlist.declined"), status_buttons(say))
        else:
            say(say.t("waitlist.gone"), say.main_options())
        return None

    def nothing_open(self, say: Say) -> list[dict[str, Any]] | None:
        say(say.t("waitlist.no_offer"), say.main_options())
        return None


class AcceptOffer(_Answer):
    action_name = "action_waitlist_accept"


class DeclineOffer(_Answer):
    action_name = "action_waitlist_decline"
    accept = False


class Affirm(_Answer):
    """'Ja' outside a form: takes the open offer; without one, the main options."""

    action_name = "action_affirm"

    def nothing_open(self, say: Say) -> list[dict[str, Any]] | None:
        return [FollowupAction("action_help")]


class Deny(DeclineOffer):
    """'Nein' outside a form: lets the open offer go to the next waiter."""

    action_name = "action_deny"

    def nothing_open(self, say: Say) -> list[dict[str, Any]] | None:
        return [FollowupAction("action_help")]


def _offer_id(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


class LeaveWaitlist(BaseAction):
    action_name = "action_waitlist_leave"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        left = self.ctx.waitlist.leave(tracker.sender_id, now)
        say(say.t("waitlist.left" if left else "waitlist.none"), say.main_options())
        return None


class WaitlistStatus(BaseAction):
    """The own entries, the seat held for the citizen if any, and change or leave."""

    action_name = "action_waitlist_status"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        entries = self.ctx.waitlist.entries_of(tracker.sender_id, now)
        if not entries:
            say(
                say.t("waitlist.none"),
                [say.button("button.waitlist", write("waitlist_join"))] + say.main_options(),
            )
            return None
        lines = []
        for e in entries:
            since = wording.day_name(e.since.date(), say.lang)
            lines.append(say.t("waitlist.status", wish=describe_wish(self.ctx, e.wish, say.lang),
                               since=since))  # fmt: skip
            if e.offer:
                start, until = e.offer.start, e.offer.expires_at
                what = say.t("appointment", service=household(self.ctx, [e.wish.service_id],
                                                              e.wish.household_size, say.lang),
                             day=wording.day_name(start.date(), say.lang),
                             time=wording.clock(start))  # fmt: skip
                deadline = say.t("notice.deadline", day=wording.day_name(until.date(), say.lang),
                                 time=wording.clock(until))  # fmt: skip
                lines.append(say.t("waitlist.status_offer", appointment=what, until=deadline))
        buttons = [
            say.button("button.waitlist_change", write("waitlist_join", change="1")),
            say.button("button.waitlist_leave", write("waitlist_leave")),
        ]
        if any(e.offer for e in entries):
            offer = next(e.offer for e in entries if e.offer)
            buttons[:0] = [
                say.button("button.waitlist_accept", write("waitlist_accept", offer=offer.id)),
                say.button("button.waitlist_decline", write("waitlist_decline", offer=offer.id)),
            ]
        say("\n".join(lines), buttons)
        return None
