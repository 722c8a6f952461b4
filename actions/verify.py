"""The step a web booking adds: the 6-digit code from the e-mail, typed in the chat.

The booking is pending (its seat held) since the summary's "Ja"; the right code books it and
the usual confirmation follows (the e-mail with the .ics goes out too). The link in the same
e-mail does the same from the browser; a code typed after that finds the booking confirmed.

An e-mail address given in a Telegram chat is proven the same way, by the code of its e-mail
typed in that chat whenever the citizen has it (no form waits for it), or by its link.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from actions.booking import confirm_booked
from actions.context import BaseAction, FormValidation, Say, lang_of, now_of
from actions.sdk import Tracker
from office.lifecycle import Status
from office.verification import Expired, Verified, WrongCode, typed_code

EXPIRED = "-"  # the otp slot's value when the code can no longer be used


class ValidateVerifyForm(FormValidation):
    form = "verify_form"

    def validate_otp(self, value: Any, dispatcher, tracker: Tracker, domain) -> dict:
        say = Say(dispatcher, lang_of(tracker))
        code = typed_code(str(value))
        if code is None:
            say(say.t("verify.not_a_code"))
            return {"otp": None}
        pending = str(tracker.get_slot("pending") or "")
        outcome = self.ctx.booking.verify_code(pending, code, now_of(tracker, self.ctx))
        if isinstance(outcome, WrongCode):
            say(say.t("verify.wrong", left=outcome.attempts_left))
            return {"otp": None}
        return {"otp": "ok" if isinstance(outcome, Verified) else EXPIRED}


class AskVerifyCode(BaseAction):
    action_name = "action_ask_verify_form_otp"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        say(say.t("verify.ask_code"), [say.button("button.abort", "/stop")])
        return None


class SubmitVerify(BaseAction):
    """The pending booking proven: the confirmation; else why it is not booked."""

    action_name = "action_submit_verify_form"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        code = str(tracker.get_slot("pending") or "")
        appointment = self.ctx.booking.appointment(code, by_person=tracker.sender_id)
        if appointment and appointment.status in (Status.BOOKED, Status.CONFIRMED):
            if tracker.get_slot("otp") == EXPIRED:  # proven by the link meanwhile
                say(say.t("verify.already", appointment=say.t("mine.item",
                    appointment=appointment.code, code=appointment.code)))  # fmt: skip
            confirm_booked(self.ctx, say, appointment, now)
            return None
        say(say.t("verify.expired"), say.main_options())
        return None


class ProveEmail(BaseAction):
    """A code typed outside a form: the one proving the e-mail address this chat gave."""

    action_name = "action_email_code"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        code = typed_code(str((tracker.latest_message or {}).get("text", ""))) or ""
        outcome = self.ctx.booking.verify_email_code(tracker.sender_id, code, now)
        if isinstance(outcome, Verified):
            say(say.t("verify.email_done"), say.main_options())
        elif isinstance(outcome, WrongCode):
            say(say.t("verify.wrong", left=outcome.attempts_left))
        elif isinstance(outcome, Expired):
            say(say.t("verify.email_expired"), say.main_options())
        else:
            say(say.t("verify.email_unknown"), say.main_options())
        return None
