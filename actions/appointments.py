"""A citizen's own appointments: list, cancel (with confirmation), reschedule."""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime
from typing import Any

from actions.booking import (
    ValidateBookingForm,
    ask_day,
    ask_time,
    confirm_booked,
    describe,
    refuse,
    yes_no,
)
from actions.context import BaseAction, Say, entity
from actions.sdk import ActiveLoop, SlotSet, Tracker
from office import wording
from office.booking import Cancelled, NotActive, Rescheduled
from office.payload import write


class ActionMyAppointments(BaseAction):
    action_name = "action_my_appointments"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        mine = self.ctx.booking.appointments_of(tracker.sender_id, now)
        if not mine:
            say(say.t("mine.none"), [say.button("button.book", "/book_appointment")])
            return None
        lines = [say.t("mine.list")]
        lines += [
            say.t("mine.item", appointment=describe(self.ctx, a, say.lang), code=a.code)
            for a in mine
        ]
        buttons = []
        for a in mine:
            buttons.append(
                {
                    "title": say.t("button.reschedule"),
                    "payload": write("reschedule_appointment", code=a.code),
                }
            )
            buttons.append(
                {
                    "title": say.t("button.cancel"),
                    "payload": write("cancel_appointment", code=a.code),
                }
            )
        say("\n".join(lines), buttons)
        return None


class _StartChange(BaseAction, ABC):
    """Cancel or move: none booked ends the form; the one appointment, or the one on the day
    the message names, is taken without asking which."""

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        if entity(tracker, "code"):
            return None  # the validator checks it is one of this person's
        mine = self.ctx.booking.appointments_of(tracker.sender_id, now)
        if not mine:
            say(say.t("mine.none"), [say.button("button.book", "/book_appointment")])
            return [ActiveLoop(None)]
        if len(mine) == 1:
            return [SlotSet("code", mine[0].code)]
        day = entity(tracker, "date")
        tz = self.ctx.city.tz
        on_day = [a for a in mine if day and a.start.astimezone(tz).date().isoformat() == day[:10]]
        if len(on_day) == 1 and self.action_name == "action_start_cancel_form":
            return [SlotSet("code", on_day[0].code)]
        return None


class StartCancel(_StartChange):
    action_name = "action_start_cancel_form"


class StartReschedule(_StartChange):
    action_name = "action_start_reschedule_form"


class ValidateCancelForm(ValidateBookingForm):
    form = "cancel_form"


class ValidateRescheduleForm(ValidateBookingForm):
    form = "reschedule_form"


class _AskCode(BaseAction, ABC):
    """Lists the sender's appointments as buttons; none → the form ends."""

    @property
    @abstractmethod
    def key(self) -> str:
        """The question's text key."""

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        mine = self.ctx.booking.appointments_of(tracker.sender_id, now)
        if not mine:
            say(say.t("mine.none"), [say.button("button.book", "/book_appointment")])
            return [ActiveLoop(None)]
        buttons = [
            {"title": describe(self.ctx, a, say.lang), "payload": write("inform", code=a.code)}
            for a in mine
        ]
        say(say.t(self.key), buttons + [say.button("button.abort", "/stop")])
        return None


class AskCancelCode(_AskCode):
    action_name = "action_ask_cancel_form_code"
    key = "cancel.ask_code"


class AskRescheduleCode(_AskCode):
    action_name = "action_ask_reschedule_form_code"
    key = "reschedule.ask_code"


class AskCancelConfirmed(BaseAction):
    action_name = "action_ask_cancel_form_confirmed"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        appointment = self.ctx.booking.appointment(
            tracker.get_slot("code"), by_person=tracker.sender_id
        )
        if appointment is None:  # gone since the code was checked
            return gone(say)
        say(
            say.t("cancel.ask_confirm", appointment=describe(self.ctx, appointment, say.lang)),
            yes_no(say),
        )
        return None


class SubmitCancel(BaseAction):
    action_name = "action_submit_cancel_form"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        if not tracker.get_slot("confirmed"):
            say(say.t("cancel.kept"), say.main_options())
            return None
        outcome = self.ctx.booking.cancel(
            tracker.get_slot("code"), "citizen", now, by_person=tracker.sender_id
        )
        if isinstance(outcome, Cancelled):
            appointment = describe(self.ctx, outcome.appointment, say.lang)
            say(say.t("cancel.done", appointment=appointment), say.main_options())
        elif isinstance(outcome, NotActive):
            say(say.t("cancel.not_active"), say.main_options())
        else:
            say(say.t("cancel.unknown"), say.main_options())
        return None


class AskRescheduleDate(BaseAction):
    action_name = "action_ask_reschedule_form_date"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        return ask_day(self.ctx, say, tracker, now)


class AskRescheduleSlot(BaseAction):
    action_name = "action_ask_reschedule_form_slot"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        return ask_time(self.ctx, say, tracker, now)


class AskRescheduleConfirmed(BaseAction):
    action_name = "action_ask_reschedule_form_confirmed"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        appointment = self.ctx.booking.appointment(
            tracker.get_slot("code"), by_person=tracker.sender_id
        )
        if appointment is None:  # gone since the code was checked
            return gone(say)
        start = datetime.fromisoformat(tracker.get_slot("slot"))
        say(
            say.t(
                "reschedule.ask_confirm",
                old=describe(self.ctx, appointment, say.lang),
                day=wording.day_name(start.date(), say.lang),
                time=wording.clock(start),
            ),
            yes_no(say),
        )
        return None


class SubmitReschedule(BaseAction):
    action_name = "action_submit_reschedule_form"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        if not tracker.get_slot("confirmed"):
            say(say.t("cancel.kept"), say.main_options())
            return None
        outcome = self.ctx.booking.reschedule(
            tracker.get_slot("code"),
            datetime.fromisoformat(tracker.get_slot("slot")),
            "citizen",
            now,
            by_person=tracker.sender_id,
        )
        if isinstance(outcome, Rescheduled):
            confirm_booked(self.ctx, say, outcome.appointment, now, "reschedule.done")
        elif isinstance(outcome, NotActive):
            say(say.t("cancel.not_active"), say.main_options())
        else:
            refuse(self.ctx, say, outcome)
        return None


def gone(say: Say) -> list[dict[str, Any]]:
    """The appointment a form was about no longer exists for this sender: the form ends."""
    say(say.t("cancel.unknown"), say.main_options())
    return [ActiveLoop(None)]
