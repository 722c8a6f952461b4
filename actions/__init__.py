"""rasa_sdk actions of Bürgerbot; `python -m rasa_sdk --actions actions` serves them to Rasa."""

from __future__ import annotations

import inspect

from actions import (
    appointments,
    booking,
    clarify,
    hours,
    info,
    knowledge,
    news,
    privacy,
    talk,
    verify,
    waitlist,
)
from actions.sdk import Action
from app.services import Services

MODULES = (appointments, booking, clarify, hours, info, knowledge, news, privacy, talk, verify,
           waitlist)  # fmt: skip


def all_actions(ctx: Services) -> list[Action]:
    """One instance of every concrete action, sharing `ctx`."""
    found = []
    for module in MODULES:
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, Action)
                and cls.__module__ == module.__name__
                and not inspect.isabstract(cls)
            ):
                found.append(cls(ctx))  # type: ignore[call-arg]  # ours all take the bundle
    return found
