"""Greeting, help, thanks, goodbye, language, and the answers that redirect: never a dead end."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from actions.context import BaseAction, Say, entity
from actions.sdk import ActiveLoop, SlotSet, Tracker
from office.knowledge import Referral
from office.payload import write
from office.texts import CATALOGS
from storage.broadcast import Subscriptions


class ActionGreet(BaseAction):
    action_name = "action_greet"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        office = self.ctx.city.office.get(say.lang) or self.ctx.city.name
        say(say.t("greet", office=office), say.main_options())
        return None


class ActionHelp(BaseAction):
    action_name = "action_help"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        """The main options, and office news to subscribe to (or end) in a chat."""
        options = say.main_options()
        news = Subscriptions(self.ctx.booking.db)
        if news.channel_of(tracker.sender_id):
            if news.is_subscribed(tracker.sender_id):
                options.append(say.button("button.unsubscribe", "/unsubscribe"))
            else:
                options.append(say.button("button.subscribe", "/subscribe"))
        say(say.t("help"), options)
        return None


class ActionThank(BaseAction):
    action_name = "action_thank"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        say(say.t("thank"))
        return None


class ActionGoodbye(BaseAction):
    action_name = "action_goodbye"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        say(say.t("goodbye"))
        return None


class ActionFallback(BaseAction):
    """Low NLU confidence: say so and offer the main options."""

    action_name = "action_fallback"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        say(with_elsewhere(say, say.t("fallback"), self.ctx.city.switchboard), say.main_options())
        return None


class ActionOutOfScope(BaseAction):
    """Not the office's matter: say so, and where the city answers everything else."""

    action_name = "action_out_of_scope"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        text = with_elsewhere(say, say.t("out_of_scope"), self.ctx.city.switchboard)
        say(text, say.main_options())
        return None


def with_elsewhere(say: Say, text: str, switchboard: Referral | None) -> str:
    """The answer, then the city's contact for all other matters (when the config has one)."""
    if switchboard is None:
        return text
    contacts = [c for c in (switchboard.phone, switchboard.email, switchboard.web) if c]
    return (
        text
        + " "
        + say.t("elsewhere", topics=switchboard.topics[say.lang], contacts=", ".join(contacts))
    )


class ActionInform(BaseAction):
    """A bare answer outside any question: a service starts a booking, a date asks for that day."""

    action_name = "action_inform"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        from actions.hours import ActionOpeningHours  # the same answer as the hours question

        if self.ctx.city.service(entity(tracker, "service") or ""):
            return [ActiveLoop("booking_form")]  # "Ummeldung am Freitag" asks for a booking
        if entity(tracker, "date"):
            return ActionOpeningHours(self.ctx).act(say, tracker, now)
        say(say.t("fallback"), say.main_options())
        return None


class ActionChooseLanguage(BaseAction):
    action_name = "action_choose_language"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        say(
            say.t("language_choose"),
            [
                {"title": "Deutsch", "payload": write("set_language", language="de")},
                {"title": "English", "payload": write("set_language", language="en")},
            ],
        )
        return None


class ActionSetLanguage(BaseAction):
    action_name = "action_set_language"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        lang = entity(tracker, "language")
        if lang not in CATALOGS:
            return ActionChooseLanguage(self.ctx).act(say, tracker, now)
        say.lang = lang
        say(say.t("language_set"), say.main_options())
        return [SlotSet("language", lang)]
