"""What every action needs: the services bundle, and the turn's clock and language.

Inside Bürgerbot the bootstrap hands one `Services` bundle to every action. A standalone
rasa_sdk action server (`python -m rasa_sdk --actions actions`) instantiates actions without
arguments; they then build the bundle from the environment on first use, and run only for the
Rasa server holding the token (`authorise`): that server answers anyone who reaches it.
"""

from __future__ import annotations

import secrets
from abc import ABC, abstractmethod
from dataclasses import replace
from datetime import datetime
from functools import cache
from typing import Any

from actions.sdk import (
    Action,
    ActionExecutionRejection,
    CollectingDispatcher,
    FormValidationAction,
    Tracker,
)
from app.services import Services, build_services
from office.payload import MAIN_OPTIONS
from office.texts import lang_or_default, t


@cache
def default_services() -> Services:
    """The bundle from the environment, for a standalone action server only: it is sent
    trackers by others, so it keeps its own clock."""
    return replace(build_services(upgrade=True), trust_turn_clock=False)


def authorise(action: str) -> None:
    """In a bare rasa_sdk server, which answers whoever reaches it and believes the tracker it
    is sent, an action runs only for a call with `Authorization: Bearer <BUERGERBOT_ACTION_TOKEN>`
    (in Rasa's endpoints.yml, a header of the action endpoint); without the token set, for none.
    rasa_sdk answers a refusal with 400 and the reason."""
    from sanic import Request
    from sanic.exceptions import SanicException

    token = default_services().settings.action_token
    try:
        given = Request.get_current().headers.get("authorization", "")
    except SanicException:  # not over HTTP (rasa_sdk's gRPC server): no header to check
        given = ""
    if not token or not secrets.compare_digest(given.encode(), f"Bearer {token}".encode()):
        raise ActionExecutionRejection(action, "unauthorised: send the BUERGERBOT_ACTION_TOKEN")


class BaseAction(Action, ABC):
    """An action with the shared context; subclasses set `action_name` and implement `act`.

    Abstract, so rasa_sdk's package scan registers only the concrete actions.
    """

    action_name = ""

    def __init__(self, ctx: Services | None = None):
        self._ctx = ctx

    def name(self) -> str:
        return self.action_name

    @property
    def ctx(self) -> Services:
        return self._ctx or default_services()

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if self._ctx is None:
            authorise(self.name())
        return self.act(Say(dispatcher, lang_of(tracker)), tracker, now_of(tracker, self.ctx)) or []

    @abstractmethod
    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        """Utter through `say`; return the events to apply (None for none)."""


class FormValidation(FormValidationAction):
    """A form's validation with the shared context; subclasses set `form` and write
    `validate_<slot>` methods. The engine extracts slots by the domain's mappings, as Rasa's form
    loop does, so there is nothing to extract here."""

    form = ""

    def __init__(self, ctx: Services | None = None):
        self._ctx = ctx

    def name(self) -> str:
        return f"validate_{self.form}"

    ctx = BaseAction.ctx

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if self._ctx is None:
            authorise(self.name())
        return await super().run(dispatcher, tracker, domain)

    async def get_extraction_events(self, dispatcher, tracker: Tracker, domain) -> list:
        return []


class Say:
    """Utters texts from the catalogue in the conversation's language."""

    def __init__(self, dispatcher: CollectingDispatcher, lang: str):
        self.dispatcher = dispatcher
        self.lang = lang

    def t(self, key: str, **values: object) -> str:
        return t(self.lang, key, **values)

    def __call__(
        self,
        text: str,
        buttons: list[dict[str, str]] | None = None,
        custom: dict[str, Any] | None = None,
    ) -> None:
        self.dispatcher.utter_message(text=text, buttons=buttons or [], json_message=custom)

    def button(self, key: str, payload: str) -> dict[str, str]:
        return {"title": self.t(key), "payload": payload}

    def main_options(self) -> list[dict[str, str]]:
        """The main options as buttons: never a dead end."""
        return [self.button(key, payload) for key, payload in MAIN_OPTIONS]


def lang_of(tracker: Tracker) -> str:
    return lang_or_default(tracker.get_slot("language"))


def now_of(tracker: Tracker, ctx: Services) -> datetime:
    """The turn's `now` from the message metadata (the engine's injected clock) when the bundle
    trusts it; else this server's clock (a forged tracker must not book a past slot)."""
    raw = (tracker.latest_message or {}).get("metadata", {}).get("now")
    if raw and ctx.trust_turn_clock:
        return datetime.fromisoformat(raw).astimezone(ctx.city.tz)
    return datetime.now(ctx.city.tz)


def entity(tracker: Tracker, name: str) -> str | None:
    return next(tracker.get_latest_entity_values(name), None)
