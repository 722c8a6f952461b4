"""A citizen's own data in the chat: erasure (GDPR Art. 17) and a copy by e-mail (Art. 15).

Only the person may do either, so the contact is proved first: a Telegram account is a
verified identity of its own (erasure acts on what was booked from it); anywhere else, and
for a copy sent by e-mail, a 6-digit code goes to the e-mail address and must be typed back.
The erasure itself is `storage.erasure`: the same one staff run for a written request.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from actions.booking import yes_no
from actions.context import BaseAction, FormValidation, Say, lang_of, now_of
from actions.sdk import SlotSet, Tracker
from office import senders
from office.contacts import Email, canonical_email
from office.texts import t
from office.verification import Verified, WrongCode, needs_code, typed_code
from storage.erasure import Request
from storage.lifecycle import CITIZEN

CODE_MINUTES = 15
ERASURE, EXPORT = "erasure", "export"  # the verification purposes


def account_verified(sender: str) -> bool:
    """A chat that proves who is writing (Telegram; the operator's CLI), as for bookings."""
    return not needs_code(senders.channel_of(sender))


def request_of(tracker: Tracker) -> Request:
    """Whom the conversation has proved: the chat account itself, or the verified address
    (with the chat it came from)."""
    sender, verified = tracker.sender_id, tracker.get_slot("verified")
    if verified == sender:
        return Request(sender=sender)
    return Request(email=verified, sender=sender)


class StartErase(BaseAction):
    """A Telegram account needs no code: the form goes straight to the question."""

    action_name = "action_start_erase_form"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        if account_verified(tracker.sender_id):
            return [SlotSet("verified", tracker.sender_id)]
        return None


class _ValidateVerified(FormValidation):
    """The typed text is an e-mail address (a code is sent) or the code (checked)."""

    purpose = ""

    def validate_verified(self, value: Any, dispatcher, tracker: Tracker, domain) -> dict:
        sender = tracker.sender_id
        if self.purpose == ERASURE and account_verified(sender):
            return {"verified": sender}
        lang, now = lang_of(tracker), now_of(tracker, self.ctx)
        say = Say(dispatcher, lang)
        text = str(value)
        code = typed_code(text)
        if code is not None and tracker.get_slot("code_sent"):
            outcome = self.ctx.erasure.check_code(self.purpose, sender, code, now)
            if isinstance(outcome, Verified) and outcome.address:
                return {"verified": outcome.address, "code_sent": None}
            if isinstance(outcome, WrongCode):
                say(say.t("privacy.wrong_code", n=outcome.attempts_left))
                return {"verified": None}
            say(say.t("privacy.code_expired"))  # expired, used up, or none sent
            return {"verified": None, "code_sent": None}
        email = canonical_email(text)
        if not isinstance(email, Email):
            say(say.t("privacy.ask_code" if code else "privacy.bad_email"))
            return {"verified": None}
        office = self.ctx.city.office.get(lang) or self.ctx.city.office["de"]
        subject = t(lang, "privacy.code.subject", office=office)

        def message(plain: str) -> dict[str, Any]:
            body = t(lang, "privacy.code.text", code=plain, minutes=CODE_MINUTES)
            return {"kind": f"{self.purpose}_code", "lang": lang, "subject": subject, "text": body}

        ttl = timedelta(minutes=CODE_MINUTES)
        self.ctx.erasure.send_code(self.purpose, sender, email.address, now, ttl, message)
        say(say.t("privacy.code_sent", minutes=CODE_MINUTES))
        return {"verified": None, "code_sent": True}


class ValidateEraseForm(_ValidateVerified):
    form = "erase_form"
    purpose = ERASURE


class ValidateExportForm(_ValidateVerified):
    form = "export_form"
    purpose = EXPORT


class _AskVerified(BaseAction):
    """The e-mail address first, then the code sent there."""

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        key = "privacy.ask_code" if tracker.get_slot("code_sent") else "privacy.ask_email"
        say(say.t(key), [say.button("button.abort", "/stop")])
        return None


class AskEraseVerified(_AskVerified):
    action_name = "action_ask_erase_form_verified"


class AskExportVerified(_AskVerified):
    action_name = "action_ask_export_form_verified"


class AskEraseConfirmed(BaseAction):
    """What goes, and the appointments ahead that an erasure cancels."""

    action_name = "action_ask_erase_form_confirmed"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        _scope, found = self.ctx.erasure.dry_run(request_of(tracker), now)
        if found.cancelled:
            say(say.t("privacy.erase.ask_confirm_ahead", n=found.cancelled), yes_no(say))
        else:
            say(say.t("privacy.erase.ask_confirm"), yes_no(say))
        return None


class SubmitErase(BaseAction):
    action_name = "action_submit_erase_form"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        if not tracker.get_slot("confirmed"):
            say(say.t("privacy.erase.kept"), say.main_options())
            return None
        done = self.ctx.erasure.erase(request_of(tracker), CITIZEN, now)
        if not done.counts:
            key = "privacy.erase.nothing"
        else:
            key = "privacy.erase.done_cancelled" if done.cancelled else "privacy.erase.done"
        say(say.t(key, n=done.cancelled), say.main_options())
        return None


class SubmitExport(BaseAction):
    """Everything stored about the proved address (and this chat) goes to that address."""

    action_name = "action_submit_export_form"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        address = tracker.get_slot("verified")
        lang = say.lang
        office = self.ctx.city.office.get(lang) or self.ctx.city.office["de"]

        def message(data: str) -> dict[str, Any]:
            return {
                "kind": "export",
                "lang": lang,
                "subject": t(lang, "privacy.export.subject", office=office),
                "text": t(lang, "privacy.export.text", data=data),
            }

        rows = self.ctx.erasure.send_export(request_of(tracker), address, now, message)
        say(say.t("privacy.export.sent" if rows else "privacy.export.nothing"), say.main_options())
        return None
