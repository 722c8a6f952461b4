"""The assistant's domain in Rasa's shape: intents, slots with their mappings, forms.

The engine reads slot mappings from here exactly as Rasa would, and the same dict is sent to
the actions, so a Rasa deployment can take it over as its domain.yml.
"""

from __future__ import annotations

from typing import Any

NLU_INTENTS = (
    "greet", "goodbye", "thank", "affirm", "deny", "help", "ask_opening_hours",
    "ask_walkin_hours", "book_appointment", "cancel_appointment", "reschedule_appointment",
    "my_appointments", "report_emergency", "ask_phone_booking", "ask_cutover", "inform",
    "out_of_scope", "service_info", "office_contact", "human_handoff", "complaint",
    "erase_data", "request_data",
)  # fmt: skip
# Intents only buttons send: they have no training examples.
BUTTON_INTENTS = (
    "set_language", "choose_language", "stop", "subscribe", "unsubscribe", "confirm_appointment",
)  # fmt: skip
# The waitlist's intents: buttons, or typed text naming the waitlist (bot.policy routes it by
# the NLU's `waitlist` topic, so the classifier needs no training for them).
WAITLIST_INTENTS = (
    "waitlist_join", "waitlist_accept", "waitlist_decline", "waitlist_leave", "waitlist_status",
)  # fmt: skip
INTENTS = NLU_INTENTS + ("nlu_fallback",) + BUTTON_INTENTS + WAITLIST_INTENTS


def _when(form: str, slot: str | None) -> list[dict[str, str | None]]:
    """While `form` asks for `slot` (None: whatever it asks for)."""
    return [{"active_loop": form, "requested_slot": slot}]


def _entity(name: str) -> dict[str, Any]:
    return {"type": "from_entity", "entity": name}


def _yes_no(form: str) -> list[dict[str, Any]]:
    when = _when(form, "confirmed")
    return [
        {"type": "from_intent", "intent": "affirm", "value": True, "conditions": when},
        {"type": "from_intent", "intent": "deny", "value": False, "conditions": when},
    ]


SLOTS: dict[str, dict[str, Any]] = {
    "service": {"type": "text", "mappings": [_entity("service")]},
    # A household books one longer appointment ("für 2 Personen"); never asked, 1 when not said.
    "persons": {"type": "text", "mappings": [_entity("persons")]},
    # "vormittags", "morgen früh": the times offered keep to that part of the day.
    "part_of_day": {"type": "text", "mappings": [_entity("part_of_day")]},
    "date": {"type": "text", "mappings": [_entity("date")]},
    "time": {"type": "text", "mappings": [_entity("time")]},
    "slot": {"type": "text", "mappings": [_entity("slot")]},
    # The waitlist's last day: "bis 30. September" (a button's ISO day).
    "until": {
        "type": "text",
        "mappings": [
            _entity("until"),
            {"type": "from_entity", "entity": "date", "conditions": _when("waitlist_form", None)},
        ],
    },
    "entry": {"type": "text", "mappings": []},  # the waitlist entry being changed
    "name": {
        "type": "text",
        "mappings": [
            _entity("name"),  # "ich heiße Erika Muster"
            {
                "type": "from_text",
                "conditions": _when("booking_form", "name") + _when("waitlist_form", "name"),
            },
        ],
    },
    "contact": {
        "type": "text",
        "mappings": [
            _entity("email"),
            _entity("phone"),
            {
                "type": "from_text",
                "conditions": _when("booking_form", "contact") + _when("waitlist_form", "contact"),
            },
        ],
    },
    "code": {
        "type": "text",
        "mappings": [
            _entity("code"),
            # "den am Dienstag": at the question which appointment, a day names it
            {
                "type": "from_entity",
                "entity": "date",
                "conditions": _when("cancel_form", "code") + _when("reschedule_form", "code"),
            },
        ],
    },
    # The contact proved for an erasure or an export: the verified e-mail address, or the
    # Telegram account (a verified identity of its own). Typed: first the address, then the code.
    "verified": {
        "type": "text",
        "mappings": [
            _entity("email"),
            {
                "type": "from_text",
                "conditions": _when("erase_form", "verified") + _when("export_form", "verified"),
            },
        ],
    },
    "code_sent": {"type": "bool", "mappings": []},  # a code went to the address, awaiting it
    "confirmed": {
        "type": "bool",
        "mappings": _yes_no("booking_form")
        + _yes_no("cancel_form")
        + _yes_no("reschedule_form")
        + _yes_no("waitlist_form")
        + _yes_no("erase_form")
        # typing the action again ("Termin stornieren") at its own question confirms it
        + [
            {
                "type": "from_intent",
                "intent": intent,
                "value": True,
                "conditions": _when(f, "confirmed"),
            }
            for intent, f in (
                ("cancel_appointment", "cancel_form"),
                ("reschedule_appointment", "reschedule_form"),
                ("erase_data", "erase_form"),
            )
        ],
    },
    "hold": {"type": "text", "mappings": []},
    # The e-mail code of a pending web booking, and the booking it proves.
    "otp": {
        "type": "text",
        "mappings": [{"type": "from_text", "conditions": _when("verify_form", "otp")}],
    },
    "pending": {"type": "text", "mappings": []},
    # Paging the times of a day: "Spätere Zeiten" (a button's ISO time, or typed "später").
    "after": {
        "type": "text",
        "mappings": [
            _entity("after"),
            {
                "type": "from_entity",
                "entity": "topic",
                "conditions": _when("booking_form", "slot") + _when("reschedule_form", "slot"),
            },
        ],
    },
    "shown_until": {"type": "text", "mappings": []},  # the last time offered, for "später"
    "expired": {"type": "text", "mappings": []},  # a hold that ran out while the citizen was away
    "language": {"type": "text", "mappings": []},
    "requested_slot": {"type": "text", "mappings": []},
}

# Slots a form takes when offered but never asks for.
OPTIONAL_SLOTS = {
    "booking_form": ["persons", "part_of_day", "after"],
    "reschedule_form": ["part_of_day", "after"],
    "waitlist_form": ["persons", "part_of_day"],
}

FORMS: dict[str, dict[str, list[str]]] = {
    "booking_form": {"required_slots": ["service", "date", "slot", "name", "contact", "confirmed"]},
    "cancel_form": {"required_slots": ["code", "confirmed"]},
    "reschedule_form": {"required_slots": ["code", "date", "slot", "confirmed"]},
    # Name and contact book the seat when an offer is accepted; someone waiting for an earlier
    # time than their own appointment has given them already (the start action fills them).
    "waitlist_form": {"required_slots": ["service", "until", "name", "contact", "confirmed"]},
    "erase_form": {"required_slots": ["verified", "confirmed"]},
    "export_form": {"required_slots": ["verified"]},
    "verify_form": {"required_slots": ["otp"]},  # started by a web booking's submission
}

# Which intent starts which form.
FORM_OF_INTENT = {
    "book_appointment": "booking_form",
    "cancel_appointment": "cancel_form",
    "reschedule_appointment": "reschedule_form",
    "waitlist_join": "waitlist_form",
    "erase_data": "erase_form",
    "request_data": "export_form",
}

# Intents answered by one action, outside or in the middle of a form.
RULES = {
    "greet": "action_greet",
    "help": "action_help",
    "thank": "action_thank",
    "goodbye": "action_goodbye",
    "affirm": "action_affirm",  # an open waitlist offer: accepted; else the main options
    "deny": "action_deny",
    "inform": "action_inform",
    "ask_opening_hours": "action_opening_hours",
    "ask_walkin_hours": "action_walkin_hours",
    "report_emergency": "action_emergency",
    "ask_phone_booking": "action_phone_booking",
    "ask_cutover": "action_cutover_info",
    "my_appointments": "action_my_appointments",
    "out_of_scope": "action_out_of_scope",
    "service_info": "action_service_info",
    "office_contact": "action_office_contact",
    "human_handoff": "action_human_handoff",
    "complaint": "action_human_handoff",  # a complaint gets the people to turn to
    "nlu_fallback": "action_fallback",
    "choose_language": "action_choose_language",
    "set_language": "action_set_language",
    "subscribe": "action_subscribe",
    "unsubscribe": "action_unsubscribe",
    "confirm_appointment": "action_confirm_appointment",
    "waitlist_accept": "action_waitlist_accept",
    "waitlist_decline": "action_waitlist_decline",
    "waitlist_leave": "action_waitlist_leave",
    "waitlist_status": "action_waitlist_status",
}

# Questions that may interrupt a form: answered, then the form asks again.
INTERRUPTIONS = frozenset(
    {
        "ask_opening_hours", "ask_walkin_hours", "report_emergency", "ask_phone_booking",
        "ask_cutover", "help", "my_appointments", "greet", "thank", "choose_language",
        "set_language", "service_info", "office_contact", "human_handoff", "waitlist_status",
    }
)  # fmt: skip


def ask_action(form: str, slot: str) -> str:
    """Rasa's name for the action that asks a form's slot."""
    return f"action_ask_{form}_{slot}"


def form_actions(form: str) -> list[str]:
    """The actions a form runs: one asking each slot, its validation, its submission."""
    asks = [ask_action(form, slot) for slot in FORMS[form]["required_slots"]]
    return [*asks, f"validate_{form}", f"action_submit_{form}"]


# Run by the policy itself, not named by a rule.
POLICY_ACTIONS = (
    "action_help", "action_fallback", "action_clarify_date", "action_release_hold",
    "action_email_code",
)  # fmt: skip

DOMAIN: dict[str, Any] = {
    "version": "3.1",
    "intents": list(INTENTS),
    "entities": [
        "name",
        "part_of_day",
        "persons",
        "service",
        "date",
        "date_unclear",
        "time",
        "slot",
        "email",
        "phone",
        "code",
        "document",
        "language",
        "topic",
        "referral",
        "yes_no",
        "after",
        "until",
        "offer",
        "change",
    ],
    "slots": SLOTS,
    "forms": FORMS,
    "responses": {},
    "actions": sorted(
        set(RULES.values()) | set(POLICY_ACTIONS) | {a for f in FORMS for a in form_actions(f)}
    ),
    "session_config": {"session_expiration_time": 30, "carry_over_slots_to_new_session": False},
}
