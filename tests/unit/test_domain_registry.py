"""Every action the policy or a form can call exists in the domain and in the action registry
(what `python -m rasa_sdk --actions actions` serves), so no rule points at nothing."""

from __future__ import annotations

from rasa_sdk.executor import ActionExecutor

from bot.domain import DOMAIN, FORMS, RULES, ask_action


def called_actions() -> set[str]:
    """Written out from the engine's rules (bot/engine.py runs these names), not from the
    domain's own list, so a form action missing there is found."""
    called = set(RULES.values()) | {"action_help", "action_fallback", "action_email_code"}
    for form, spec in FORMS.items():
        called |= {f"validate_{form}", f"action_submit_{form}"}
        called |= {ask_action(form, slot) for slot in spec["required_slots"]}
    return called


def test_every_called_action_is_in_the_domain_and_the_registry():
    executor = ActionExecutor()
    executor.register_package("actions")
    called = called_actions()
    assert called - set(DOMAIN["actions"]) == set()
    assert called - set(executor.actions) == set()


def test_the_domain_names_no_action_that_does_not_exist():
    executor = ActionExecutor()
    executor.register_package("actions")
    assert set(DOMAIN["actions"]) - set(executor.actions) == set()
