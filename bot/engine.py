"""The one engine every channel talks to: a Turn in, Responses out.

Per turn: load the sender's conversation, understand the message (NLU or button payload),
let the policy pick actions, run them through rasa_sdk's ActionExecutor with the JSON a Rasa
server would send, apply their events, save the conversation.

All of that is synchronous work (the database, the NLU, the actions' storage calls): `handle`
runs it in a worker thread (`bot.offload`), where rasa_sdk's coroutines run on the thread's own
event loop, so a slow or hung database never stalls the channel's loop.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from actions.sdk import VERSION, ActionExecutor
from bot.domain import DOMAIN, FORMS, INTENTS, ask_action
from bot.offload import offload
from bot.policy import Decision, decide, slot_candidates
from bot.turn import Button, Response, Turn, TurnReport
from nlu import topics
from nlu.references import find_code, find_persons
from office import payload
from office.payload import MAIN_OPTIONS
from office.texts import CATALOGS, lang_or_default, t
from storage.errors import DatabaseUnavailable

log = logging.getLogger(__name__)

FORM_TIMEOUT = timedelta(minutes=30)  # silence that ends a half-filled form
HELD_FORM_TIMEOUT = timedelta(hours=12)  # ... unless a time was held: the form goes on, renamed
MAX_TEXT = 2000  # longer messages are cut, not refused
MAX_FOLLOWUPS = 4
SWITCH_CONFIDENCE = 0.7  # how sure the NLU must be of a sentence's language to switch


class Interpreter(Protocol):
    def parse(self, text: str, now: datetime) -> dict[str, Any]: ...


class ConversationStore(Protocol):
    def load(self, sender: str) -> dict[str, Any] | None: ...

    def save(self, sender: str, state: dict[str, Any], now: datetime) -> None: ...


@dataclass
class Conversation:
    """What the engine remembers of one sender between turns."""

    lang: str | None = None
    lang_fixed: bool = False  # chosen explicitly: detection no longer switches it
    form: str | None = None
    requested: str | None = None
    slots: dict[str, Any] = field(default_factory=dict)
    updated: str | None = None

    @classmethod
    def restore(cls, data: dict[str, Any] | None, now: datetime) -> Conversation:
        if not data:
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        conv = cls(**known)
        if conv.form and conv.updated:
            silence = now - datetime.fromisoformat(conv.updated)
            if silence > FORM_TIMEOUT and conv.slots.get("hold") and silence <= HELD_FORM_TIMEOUT:
                # the reservation ran out while the citizen was away: say so, offer it again
                conv.slots.update(expired=conv.slots.get("slot"), slot=None, hold=None)
            elif silence > FORM_TIMEOUT:
                conv.end_form()
        return conv

    def end_form(self) -> None:
        self.form, self.requested, self.slots = None, None, {}

    def start_form(self, form: str) -> None:
        self.form, self.requested, self.slots = form, None, {}


class DialogueEngine:
    def __init__(
        self,
        interpreter: Interpreter,
        store: ConversationStore,
        actions: list[Any],
        observe: Callable[[TurnReport], None] | None = None,
    ):
        self.interpreter = interpreter
        self.store = store
        self.observe = observe  # metrics and logs: told each turn's intent, outcome and time
        self.executor = ActionExecutor()
        for action in actions:
            self.executor.register_action(action)

    async def handle(self, turn: Turn) -> list[Response]:
        """The turn in a worker thread; never raises (see `respond`)."""
        return await offload(self.respond, turn)

    def respond(self, turn: Turn) -> list[Response]:
        """Never raises: an unexpected fault becomes an apology, the details go to the log; a
        database that is down, locked or too slow is told in one line (it is no bug)."""
        report = TurnReport(turn.channel)
        started = time.perf_counter()
        try:
            responses = _loop().run(self._handle(turn, report))
        except DatabaseUnavailable as e:
            log.warning("turn failed on channel %s: %s", turn.channel, e)
            report.outcome = "error"
            responses = [Response(t(lang_or_default(turn.lang), "error"))]
        except Exception:
            log.exception("turn failed on channel %s", turn.channel)
            report.outcome = "error"
            responses = [Response(t(lang_or_default(turn.lang), "error"))]
        report.seconds = time.perf_counter() - started
        if self.observe:
            try:
                self.observe(report)
            except Exception:
                log.exception("a turn observer failed")
        return responses

    async def _handle(self, turn: Turn, report: TurnReport) -> list[Response]:
        stored = self.store.load(turn.sender)
        conv = Conversation.restore(stored, turn.now)
        message, is_payload = self._understand(turn)
        if message is None:
            report.outcome = "refused"
            lang = conv.lang or lang_or_default(turn.lang)
            return [Response(t(lang, "payload_invalid"), _main_buttons(lang))]
        report.intent = message["intent"]["name"]
        self._choose_language(conv, turn, message, is_payload)
        run = _Run(self, turn, conv, message)
        await run.decision(decide(conv.form, conv.requested, message, is_payload))
        conv.updated = turn.now.isoformat()
        state = asdict(conv)
        if conv.form or not stored or _differs(stored, state):
            self.store.save(turn.sender, state, turn.now)  # a question alone changes nothing
        return run.responses

    def _understand(self, turn: Turn) -> tuple[dict[str, Any] | None, bool]:
        """The message in Rasa's parse format; (None, True) for a malformed or unknown payload."""
        text = turn.text[:MAX_TEXT]
        if text.startswith("/"):
            parsed = payload.read(text)
            if parsed is None or parsed[0] not in INTENTS:
                return None, True
            intent, values = parsed
            entities = [
                {"entity": k, "value": v, "extractor": "payload"} for k, v in values.items()
            ]
            message = {
                "text": text,
                "intent": {"name": intent, "confidence": 1.0},
                "entities": entities,
                "intent_ranking": [{"name": intent, "confidence": 1.0}],
            }
            return message, True
        message = self.interpreter.parse(text, turn.now)
        found = {e["entity"] for e in message.get("entities", [])}
        extra = {"code": find_code(text), "persons": find_persons(text)}
        message["entities"] = [*message.get("entities", [])] + [
            {"entity": name, "value": str(value), "extractor": "engine"}
            for name, value in extra.items()
            if value is not None and name not in found
        ]
        message["entities"] += _knowledge_entities(text)
        return message, False

    @staticmethod
    def _choose_language(conv: Conversation, turn: Turn, message: dict, is_payload: bool) -> None:
        """The page's or chat's language holds; a sentence in the other language switches it.
        The NLU counts only words that are not contact data, names or codes."""
        detected = message.get("language")
        words = message.get("language_words", len(message.get("text", "").split()))
        sentence = words >= 3 and message.get("language_confidence", 1.0) >= SWITCH_CONFIDENCE
        if conv.lang is None:
            guess = sentence or (turn.lang is None and words >= 2)
            conv.lang = detected if detected in CATALOGS and guess else lang_or_default(turn.lang)
        elif not is_payload and not conv.lang_fixed and detected in CATALOGS and sentence:
            conv.lang = detected


class _Run:
    """One turn's actions and their responses."""

    def __init__(self, engine: DialogueEngine, turn: Turn, conv: Conversation, message: dict):
        self.engine, self.turn, self.conv, self.message = engine, turn, conv, message
        self.responses: list[Response] = []

    async def decision(self, d: Decision) -> None:
        if d.kind == "action":
            await self.action(d.target)
            if self.conv.form:  # the action started a form: it takes this message's values
                await self.form_step()
        elif d.kind == "interrupt":
            await self.action(d.target)
            if self.conv.form and self.conv.requested:
                await self.action(ask_action(self.conv.form, self.conv.requested))
        elif d.kind == "leave":  # a natural way out: the form ends with the fitting answer
            await self.leave_form()
            await self.action(d.target)
        elif d.kind == "clarify":  # a question back; the form, if any, waits for the answer
            await self.action(d.target)
        elif d.kind == "abort":
            await self.leave_form()
            self.say(t(self.conv.lang, "form.aborted"), _main_buttons(self.conv.lang))
        elif d.kind == "start_form":
            await self.leave_form()
            self.conv.start_form(d.target)
            start = f"action_start_{d.target}"
            if start in self.engine.executor.actions:
                await self.action(start)  # may refuse to start, ending the form
            if self.conv.form == d.target:
                await self.form_step()
        else:
            await self.form_step()

    async def leave_form(self) -> None:
        """Ends the form; a seat it held is given back at once."""
        if self.conv.form and self.conv.slots.get("hold"):
            await self.action("action_release_hold")
        self.conv.end_form()

    async def form_step(self) -> None:
        form = self.conv.form
        candidates = slot_candidates(form, self.conv.requested, self.message)
        if candidates:
            events = [
                {"event": "slot", "name": k, "value": v, "timestamp": None}
                for k, v in candidates.items()
            ]
            before = dict(self.conv.slots)
            await self.action(f"validate_{form}", events)
            if self.conv.form != form:
                return  # a validator ended the form
            for name in candidates:  # a refused correction keeps the value given earlier
                if self.conv.slots.get(name) is None and before.get(name) is not None:
                    self.conv.slots[name] = before[name]
        elif self.conv.requested:
            self.say(t(self.conv.lang, "form.not_understood"))
        if self.conv.form != form:
            return  # a validator ended the form
        missing = [s for s in FORMS[form]["required_slots"] if self.conv.slots.get(s) is None]
        if missing:
            self.conv.requested = missing[0]
            await self.action(ask_action(form, missing[0]))
        else:
            await self.action(f"action_submit_{form}")
            if self.conv.form == form:
                self.conv.end_form()
            elif self.conv.form:  # the submission started a next step (the e-mail code):
                follow = FORMS[self.conv.form]["required_slots"]  # it has asked already
                self.conv.requested = next(
                    (x for x in follow if self.conv.slots.get(x) is None), None
                )

    async def action(self, name: str, extra_events: list[dict] | None = None) -> None:
        for _ in range(MAX_FOLLOWUPS):
            result = await self.engine.executor.run(self.call(name, extra_events or []))
            if result is None:
                return
            name = self.apply(result.events)
            for message in result.responses:
                self.responses.append(_response(message))
            if not name:
                return
            extra_events = None

    def call(self, name: str, extra_events: list[dict]) -> dict[str, Any]:
        """The request body a Rasa server would POST to the action server."""
        conv = self.conv
        slots = {s: None for s in DOMAIN["slots"]}
        slots.update(conv.slots)
        slots.update(language=conv.lang, requested_slot=conv.requested)
        latest = {
            **self.message,
            "metadata": {**self.turn.metadata, "now": self.turn.now.isoformat()},
        }
        tracker = {
            "sender_id": self.turn.sender,
            "slots": slots,
            "latest_message": latest,
            "events": [
                {"event": "action", "name": "action_listen", "timestamp": None},
                *extra_events,
            ],
            "paused": False,
            "followup_action": None,
            "active_loop": {"name": conv.form} if conv.form else {},
            "latest_action_name": "action_listen",
        }
        return {
            "next_action": name,
            "sender_id": self.turn.sender,
            "tracker": tracker,
            "domain": DOMAIN,
            "version": VERSION,
        }

    def apply(self, events: list[dict[str, Any]]) -> str | None:
        """Applies slot and loop events to the conversation; returns a follow-up action."""
        followup = None
        for event in events:
            kind = event.get("event")
            if kind == "slot":
                name, value = event["name"], event.get("value")
                if name == "language":
                    self.conv.lang, self.conv.lang_fixed = value, True
                elif name != "requested_slot":
                    self.conv.slots[name] = value
            elif kind == "active_loop" and not event.get("name"):
                self.conv.end_form()
            elif kind == "active_loop":
                self.conv.start_form(event["name"])
            elif kind == "followup":
                followup = event.get("name")
        return followup

    def say(self, text: str, buttons: tuple[Button, ...] = ()) -> None:
        self.responses.append(Response(text, buttons))


class _ThreadLoop(threading.local):
    runner: asyncio.Runner | None = None


_thread_loop = _ThreadLoop()


def _loop() -> asyncio.Runner:
    """This thread's event loop for rasa_sdk's coroutines (which await nothing but the actions'
    synchronous work), made once per worker thread."""
    if _thread_loop.runner is None:
        _thread_loop.runner = asyncio.Runner()
    return _thread_loop.runner


def _knowledge_entities(text: str) -> list[dict[str, Any]]:
    """What the question is about (topics, another office) and whether it wants a yes or no."""
    found = [("topic", t) for t in topics.topics(text)]
    found += [("referral", r) for r in topics.referrals(text)]
    if topics.is_yes_no(text):
        found.append(("yes_no", "yes"))
    return [{"entity": k, "value": v, "extractor": "engine"} for k, v in found]


def _differs(old: dict[str, Any], new: dict[str, Any]) -> bool:
    return any(old.get(k) != v for k, v in new.items() if k != "updated")


def _response(message: dict[str, Any]) -> Response:
    buttons = tuple(Button(b["title"], b["payload"]) for b in message.get("buttons") or [])
    return Response(message.get("text") or "", buttons, message.get("custom") or None)


def _main_buttons(lang: str | None) -> tuple[Button, ...]:
    return tuple(Button(t(lang, key), payload) for key, payload in MAIN_OPTIONS)
