"""Office news by chat (subscribe, unsubscribe) and the answer to a reminder ("Ich komme")."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from actions.booking import describe
from actions.context import BaseAction, Say, entity
from actions.sdk import Tracker
from office.booking import Confirmed, NotActive


class ActionSubscribe(BaseAction):
    action_name = "action_subscribe"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        news = self.ctx.subscriptions
        if news.channel_of(tracker.sender_id) is None:
            say(say.t("news.unavailable"), say.main_options())
        elif news.subscribe(tracker.sender_id, say.lang, now):
            say(say.t("news.subscribed"), [say.button("button.unsubscribe", "/unsubscribe")])
        else:
            say(say.t("news.already"), [say.button("button.unsubscribe", "/unsubscribe")])
        return None


class ActionUnsubscribe(BaseAction):
    action_name = "action_unsubscribe"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        if self.ctx.subscriptions.unsubscribe(tracker.sender_id):
            say(say.t("news.unsubscribed"), say.main_options())
        else:
            say(say.t("news.not_subscribed"), [say.button("button.subscribe", "/subscribe")])
        return None


class ActionConfirmAppointment(BaseAction):
    """The reminder's "Ich komme": only the sender's own appointment can be confirmed."""

    action_name = "action_confirm_appointment"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        code = entity(tracker, "code") or ""
        outcome = self.ctx.booking.confirm(code, now, by_person=tracker.sender_id)
        if isinstance(outcome, Confirmed):
            appointment = describe(self.ctx, outcome.appointment, say.lang)
            say(say.t("confirm.done", appointment=appointment), say.main_options())
        elif isinstance(outcome, NotActive):
            say(say.t("confirm.not_active"), [say.button("button.book", "/book_appointment")])
        else:
            say(say.t("confirm.unknown"), say.main_options())
        return None
