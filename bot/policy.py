"""What to do next: rules from intent to action, and the form loop's slot mappings.

Pure functions over the conversation state and the parsed message, so every decision can be
tested without a database or the actions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.domain import FORM_OF_INTENT, FORMS, INTERRUPTIONS, OPTIONAL_SLOTS, RULES, SLOTS
from nlu.normalise import fold
from office.verification import typed_code

ABORT_WORDS = frozenset(
    {"abbrechen", "abbruch", "stop", "stopp", "beenden", "cancel", "quit", "exit", "vergiss es"}
)
# A question may interrupt a slot that takes free text (a name) only when the NLU is this sure.
FREE_TEXT_INTERRUPT_CONFIDENCE = 0.85


@dataclass(frozen=True)
class Decision:
    """`kind` is one of: action, start_form, form_step, interrupt, leave, abort, clarify (an
    action that asks back; a form stays where it is)."""

    kind: str
    target: str | None = None  # the action or form


def decide(
    form: str | None, requested: str | None, message: dict[str, Any], is_payload: bool
) -> Decision:
    intent = routed_intent(message, is_payload, form is not None)
    text = " ".join(message.get("text", "").lower().strip(" .!").split())
    if form:
        if intent == "stop" or text in ABORT_WORDS or _fuzzy_abort(text):
            return Decision("abort")
        topics = _topics(message)
        if "later" in topics and requested == "slot" and "leave" not in topics:
            return Decision("form_step")  # "spätere Zeiten bitte": the next page of times
        if (
            "leave" in topics
            and not is_payload
            and not (requested == "confirmed" and intent == "deny")
        ):
            return _leave(intent, topics)
        if intent == "deny" and requested != "confirmed" and _is_refusal(requested, text):
            return Decision("abort")
        if not is_payload and _unclear_day(message) and "date" in FORMS[form]["required_slots"]:
            return Decision("clarify", CLARIFY_DATE)
        if intent in FORM_OF_INTENT and not _bare_contact(message):
            other = FORM_OF_INTENT[intent]
            if other == form and requested != "code":
                return Decision("form_step")
            return Decision("start_form", other)  # asked again at "which one?": start afresh
        if intent in INTERRUPTIONS and _may_interrupt(requested, message, is_payload):
            if not is_payload and not _is_question(message) and _offers_values(form, message):
                return Decision("form_step")  # "für 2 Personen bitte" answers, it does not ask
            return Decision("interrupt", RULES[intent])
        return Decision("form_step")
    if intent == "stop":
        return Decision("action", "action_help")
    if not is_payload and typed_code(message.get("text", "")):
        return Decision("action", EMAIL_CODE)  # the code proving the chat's e-mail address
    if not is_payload and intent in _DAY_ASKED and _unclear_day(message):
        return Decision("clarify", CLARIFY_DATE)
    if intent == "book_appointment" and "no_booking" in _topics(message):
        # "Ich will keinen Termin, nur wissen wann offen ist"
        walk_in = "walk_in" in _topics(message)
        return Decision("action", "action_walkin_hours" if walk_in else "action_opening_hours")
    if intent in FORM_OF_INTENT and _bare_contact(message):
        return Decision("action", RULES["inform"])
    if intent in FORM_OF_INTENT:
        return Decision("start_form", FORM_OF_INTENT[intent])
    return Decision("action", RULES.get(intent, "action_fallback"))


def _bare_contact(message: dict[str, Any]) -> bool:
    """A message that is only an e-mail address or a phone number answers; it asks for nothing,
    whatever words the address holds ('greta.vergessen@…' wants nobody to forget her)."""
    text = message.get("text", "")
    return any(
        e["entity"] in ("email", "phone") and text[e["start"] : e["end"]].strip() == text.strip()
        for e in message.get("entities", [])
        if "start" in e and "end" in e
    )


CLARIFY_DATE = "action_clarify_date"
EMAIL_CODE = "action_email_code"
# Requests a day answers: with a day of two readings they get the question back.
_DAY_ASKED = frozenset(
    {
        "ask_opening_hours", "ask_walkin_hours", "book_appointment", "reschedule_appointment",
        "inform", "nlu_fallback",
    }
)  # fmt: skip


def _unclear_day(message: dict[str, Any]) -> bool:
    """A day with two readings ("nächsten Samstag" on a Thursday) and no plain day beside it."""
    kinds = {e["entity"] for e in message.get("entities", [])}
    return "date_unclear" in kinds and "date" not in kinds


# Intents whose answer is general: a message that names a topic of the office's knowledge
# (a fee, what to bring, parking, another office) gets that answer instead.
_GENERAL = frozenset(
    {
        "nlu_fallback", "out_of_scope", "inform", "report_emergency", "ask_opening_hours",
        "ask_walkin_hours", "book_appointment", "help", "ask_phone_booking", "greet",
        "service_info", "office_contact", "human_handoff",
    }
)  # fmt: skip
# Intents a message about lost documents may be read as.
_LOST_READS = frozenset({"report_emergency", "help", "nlu_fallback", "out_of_scope", "inform"})
# General intents that a bare day does not turn into a question about that day's hours.
_ASKS_ITSELF = frozenset({"book_appointment", "report_emergency", "ask_walkin_hours"})
_OWN_APPOINTMENT = frozenset({"cancel_appointment", "reschedule_appointment", "my_appointments"})
_SERVICE_TOPICS = frozenset({"fee", "bring", "processing", "appointment"})
_OFFICE_TOPICS = frozenset(
    {"address", "directions", "accessibility", "parking", "email", "booking_link", "phone"}
)


def routed_intent(message: dict[str, Any], is_payload: bool, in_form: bool = False) -> str:
    """The intent, or the knowledge intent a message's topics call for.

    Another office's matter goes to its referral, a wish for a person to the contacts, a
    question about a service's fee or documents to the service's facts, the office's address
    or parking to its contacts; a citizen without an appointment asking whether to come gets
    the walk-in hours. Another office's or trade's matter without a service of ours (the
    weather, the Finanzamt's hours, the dog tax) is out of scope. In a form only a message that
    is plainly a question is re-routed, so an e-mail address at the contact step stays an answer.
    """
    intent = message["intent"]["name"]
    if is_payload:
        return intent
    entities = message.get("entities", [])
    kinds = {e["entity"] for e in entities}
    topics = {e["value"] for e in entities if e["entity"] == "topic"}
    question = "?" in message.get("text", "") or "yes_no" in kinds
    if "waitlist" in topics:  # "Warteliste", "benachrichtigen Sie mich, wenn …", "notify me"
        return _waitlist_intent(topics)
    if in_form and (not question or kinds & {"email", "phone"}):
        return intent
    ours = kinds & {"service", "document"}
    if "lost" in topics and {"referral", "service"} <= kinds and intent in _LOST_READS:
        return "report_emergency"  # "… Geldbörse verloren, Ausweis und Führerschein waren drin"
    if "referral" in kinds and intent not in _OWN_APPOINTMENT:
        return "service_info"
    if "human" in topics and intent not in _OWN_APPOINTMENT:
        return "human_handoff"
    if intent not in _GENERAL | ({"my_appointments"} if question else set()):
        return intent
    if "elsewhere" in topics and (not ours or intent == "out_of_scope"):
        return "out_of_scope"  # "Hat das Finanzamt am Freitag offen?", "Hundesteuer?"
    if intent not in _ASKS_ITSELF and not in_form and only_a_day(message):
        return "ask_opening_hours"  # "Was ist am 1.11.?", "und am Freitag?"
    if intent == "out_of_scope" and not ours and not _ADDRESSED.search(fold(message["text"])):
        return intent  # a fee or a car park of something else is not the office's
    if "lost" in topics and intent in _LOST_READS - {"report_emergency"}:
        return "report_emergency"  # "…wurde mein Reisepass gestohlen. Was soll ich tun?"
    if topics & _SERVICE_TOPICS or ("walk_in" in topics and "service" in kinds and question):
        return "service_info"
    if "walk_in" in topics and (intent != "ask_opening_hours" or "yes_no" in kinds):
        return "ask_walkin_hours"  # "Habt ihr am Mittwoch ohne Termin offen?" asks yes or no
    office = topics & _OFFICE_TOPICS
    booking_words = re.search(r"termin|buch|appointment|book", message.get("text", "").lower())
    if intent == "ask_phone_booking" and office == {"phone"} and not booking_words:
        return "office_contact"  # "Telefonnummer?" asks for the number, not to book by phone
    if office - {"phone"} or (office and intent not in ("ask_phone_booking", "report_emergency")):
        return "office_contact"
    return intent


def _waitlist_intent(topics: set[str]) -> str:
    """Leave the waitlist, ask whether one is on it, or (anything else about it) join it."""
    if "unlist" in topics:
        return "waitlist_leave"
    if "listed" in topics:
        return "waitlist_status"
    return "waitlist_join"


# Words that speak to the office ("Wo seid ihr?", "Where are you located?").
_ADDRESSED = re.compile(
    r"\b(?:ihr|euch|eure\w*|sie|ihnen|buergerservice|buergeramt|buergerbuero|you|your|office)\b"
)
# Words a question about a day may have besides the day ("Was ist mit dem 3. Oktober?", "Ist
# am Sonntag geöffnet?"): with none other, the message asks what the day holds at the office.
_DAY_ONLY_WORDS = frozenset(
    {
        "was", "ist", "wie", "siehts", "sieht", "es", "aus", "mit", "am", "an", "dem", "den",
        "der", "die", "und", "denn", "so", "also", "da", "dann", "ok", "okay", "bitte", "oder",
        "geht", "gehts", "auch", "noch", "habt", "ihr", "seid", "sind", "sie", "haben", "hat",
        "offen", "geoeffnet", "auf", "zu", "geschlossen", "what", "about", "how", "is", "on",
        "the", "or", "then", "please", "are", "you", "open", "closed", "das", "war", "wart",
        "waren", "euch", "mal", "hier", "it", "there", "that", "day",
    }
)  # fmt: skip
_WORDS = re.compile(r"[^\W\d_]+")


def only_a_day(message: dict[str, Any]) -> bool:
    """The message names a day and says nothing else: it asks what that day holds."""
    text = message.get("text", "")
    days = [e for e in message.get("entities", []) if e["entity"] in ("date", "date_unclear")]
    if not days or any("start" not in e for e in days):
        return False
    for e in sorted(days, key=lambda e: e["start"], reverse=True):
        text = text[: e["start"]] + " " + text[e["end"] :]
    return set(_WORDS.findall(fold(text))) <= _DAY_ONLY_WORDS


def _topics(message: dict[str, Any]) -> set[str]:
    return {e["value"] for e in message.get("entities", []) if e["entity"] == "topic"}


def _leave(intent: str, topics: set[str]) -> Decision:
    """'ach vergessen Sie's, ich komme einfach vorbei': the form ends with the fitting answer."""
    if "phone" in topics or "human" in topics:
        return Decision("leave", "action_human_handoff")
    if "walk_in" in topics or intent == "ask_walkin_hours":
        return Decision("leave", "action_walkin_hours")
    if intent in INTERRUPTIONS and intent not in ("greet", "thank", "help"):
        return Decision("leave", RULES[intent])
    return Decision("abort")


def _fuzzy_abort(text: str) -> bool:
    """'abbrehcen', 'abrechen': one typo in the abort word."""
    from rapidfuzz import fuzz

    return len(text) >= 6 and " " not in text and fuzz.ratio(text, "abbrechen") >= 80


def _is_question(message: dict[str, Any]) -> bool:
    text = message.get("text", "")
    return "?" in text or any(e["entity"] == "yes_no" for e in message.get("entities", []))


def _offers_values(form: str, message: dict[str, Any]) -> bool:
    """The message carries an entity for one of the form's slots (a day, a service, persons)."""
    kinds = {e["entity"] for e in message.get("entities", [])}
    slots = FORMS[form]["required_slots"] + OPTIONAL_SLOTS.get(form, [])
    return any(
        m["type"] == "from_entity" and m["entity"] in kinds
        for slot in slots
        for m in SLOTS[slot]["mappings"]
    ) or ("time" in kinds)


def _may_interrupt(requested: str | None, message: dict[str, Any], is_payload: bool) -> bool:
    if is_payload or requested is None or not _takes_text(requested):
        return True
    return message["intent"].get("confidence", 0.0) >= FREE_TEXT_INTERRUPT_CONFIDENCE


def _is_refusal(requested: str | None, text: str) -> bool:
    """'Nein' leaves the form; a longer answer to a free-text question is taken as the answer."""
    return requested is None or not _takes_text(requested) or len(text.split()) <= 2


def _takes_text(slot: str) -> bool:
    return any(m["type"] == "from_text" for m in SLOTS[slot]["mappings"])


def slot_candidates(form: str, requested: str | None, message: dict[str, Any]) -> dict[str, Any]:
    """Values the message offers for the form's slots, by the domain's mappings (as Rasa does).

    Entity mappings fill any slot of the form; text and intent mappings only the requested one,
    and only when the message offers no entity value: "doch lieber Freitag" at the name step
    corrects the day, it is not a name, and "nein, ich heiße …" at the summary corrects the
    name, it does not refuse the booking. A day after "nicht" is not wanted; several services
    in one message are one household's ("Personalausweis und Kinderreisepass").
    """
    found: dict[str, Any] = {}
    intent = message["intent"]["name"]
    kept = [e for e in message.get("entities", []) if not _negated(message, e)]
    entities = {e["entity"]: e["value"] for e in kept}
    services = list(dict.fromkeys(str(e["value"]) for e in kept if e["entity"] == "service"))
    if len(services) > 1:
        entities["service"] = ",".join(services)
    slots = FORMS[form]["required_slots"] + OPTIONAL_SLOTS.get(form, [])
    for slot in slots:
        for mapping in SLOTS[slot]["mappings"]:
            if not _conditions_hold(mapping, form, requested):
                continue
            kind = mapping["type"]
            if kind == "from_entity" and mapping["entity"] in entities:
                found[slot] = entities[mapping["entity"]]
            elif kind == "from_intent" and mapping["intent"] == intent:
                found[slot] = mapping["value"]
            elif kind == "from_text" and slot == requested and _typed(message):
                found[slot] = message["text"].strip()
            else:
                continue
            break
    if "time" in entities and "slot" not in found and form in ("booking_form", "reschedule_form"):
        found["slot"] = entities["time"]  # "um halb zehn": the validator finds that slot on the day
    given = {k for k in found if k != requested}
    if given and requested in found and _by_text_or_intent(requested, found[requested], message):
        del found[requested]  # the entity values are the answer, not the whole text
    return found


def _by_text_or_intent(slot: str, value: Any, message: dict[str, Any]) -> bool:
    """A yes/no beside other values, or the whole text when it says it corrects something
    ('doch lieber Freitag'); a name that merely contains a time stays a name."""
    if value is True or value is False:
        return True
    text = message.get("text", "").strip()
    return value == text and bool(_CORRECTION.search(text))


_CORRECTION = re.compile(
    r"\b(?:doch|lieber|eigentlich|nicht|statt|sondern|ändern|aendern|falsch|andere\w*|anders|"
    r"besser|meinte|instead|actually|rather|change|wrong)\b",
    re.IGNORECASE,
)


_NEGATION = re.compile(r"\b(?:nicht|kein\w*|not|no)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


def _negated(message: dict[str, Any], e: dict[str, Any]) -> bool:
    """'aber nicht am Dienstag', 'not on Friday': a day right after a negation is not wanted."""
    if e["entity"] != "date" or "start" not in e:
        return False
    return bool(_NEGATION.search(message.get("text", "")[: e["start"]]))


def _typed(message: dict[str, Any]) -> bool:
    """Typed text, not a button payload: a payload's text is never a name or a contact."""
    text = message.get("text", "").strip()
    return bool(text) and not text.startswith("/")


def _conditions_hold(mapping: dict[str, Any], form: str, requested: str | None) -> bool:
    conditions = mapping.get("conditions")
    if not conditions:
        return True
    return any(
        c.get("active_loop") == form and c.get("requested_slot") in (None, requested)
        for c in conditions
    )
