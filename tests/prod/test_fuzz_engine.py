"""Property-based: 10,000 random texts and payloads through the real engine (NLU, actions,
SQLite storage). Every turn gets an answer that is not the apology for an internal fault, and a
forged payload changes neither the stored conversation nor any hold, seat or appointment.

Derandomized (a fixed seed per test) and generate-only, so a run is repeatable; each example is
a batch of inputs, which keeps Hypothesis's own share of the time small. A failure names the
input that broke the property.
"""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.domain import INTENTS, SLOTS
from bot.turn import Turn
from office.texts import t
from storage.conversations import ConversationStore
from storage.models import AppointmentRow, Hold, Seat

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2021, 9, 13, 8, 0, tzinfo=BERLIN)
BATCH = 10  # inputs per example: Hypothesis's own cost per example is about a millisecond
TEXTS = 4_000
PAYLOADS = 3_000
FORGED = 3_000  # together: 10,000 turns
APOLOGIES = {t("de", "error"), t("en", "error")}
FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)

# Any code point but surrogates, control characters included; sometimes very long.
any_char = st.characters(exclude_categories=["Cs"])
short_text = st.text(any_char, max_size=60)
control_text = st.text(st.characters(max_codepoint=0x9F), max_size=40)
huge_text = st.builds(
    lambda s, n: (s or "x") * n, st.text(any_char, max_size=8), st.integers(300, 3000)
)
texts = st.one_of(*[short_text] * 30, *[control_text] * 19, huge_text)  # huge: one in 50

scalars = st.none() | st.booleans() | st.integers() | st.floats() | short_text
json_values = (
    scalars | st.lists(scalars, max_size=3) | st.dictionaries(short_text, scalars, max_size=2)
)
invented = st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=45)
intent_names = st.sampled_from(INTENTS) | invented
entity_keys = st.sampled_from([*SLOTS, "email", "phone", "__proto__"]) | short_text
entities = st.dictionaries(entity_keys, json_values, max_size=4)


bodies = st.one_of(st.just(""), entities.map(json.dumps), short_text.map(lambda s: "{" + s))
cuts = st.none() | st.integers(0, 200)  # where to cut the JSON mid-way, if at all


def payloads(intents: st.SearchStrategy[str] = intent_names) -> st.SearchStrategy[str]:
    """`/intent{...}` strings: known or invented intents, any JSON (or broken JSON) after it."""
    return st.builds(lambda i, body, cut: f"/{i}{body[:cut]}", intents, bodies, cuts)


# A forged payload at the name step: an unknown intent, malformed JSON, or a known slot-filling
# intent carrying values no button offered (random slots, dates, services, contacts).
garbage = short_text.filter(
    lambda s: s.strip() and "@" not in s and not any(c.isdigit() for c in s)
)
forged = st.one_of(
    payloads(invented.filter(lambda i: i not in INTENTS)),
    st.builds(lambda i, s: f"/{i}{{{s}", st.sampled_from(INTENTS), short_text),
    st.builds(
        lambda key, value: "/inform" + json.dumps({key: value}),
        st.sampled_from(["slot", "date", "service", "time", "email", "phone", "code"]),
        garbage,
    ),
)


@pytest.fixture(scope="module")
def app(tmp_path_factory, interpreter):
    from bot.bootstrap import build

    path = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    built = build(database_url=f"sqlite:///{path}", interpreter=interpreter)
    yield built
    built.db.dispose()


@pytest.fixture(scope="module")
def loop():
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


def turn(app, loop, sender: str, text: str, lang: str | None = None):
    return loop.run_until_complete(app.engine.handle(Turn(sender, text, MONDAY, lang, {})))


def answered(responses, text: str) -> None:
    assert responses, f"no response to {text!r}"
    assert all(isinstance(r.text, str) for r in responses)
    assert any(r.text.strip() for r in responses), f"only empty responses to {text!r}"
    assert not APOLOGIES & {r.text for r in responses}, f"an internal fault on {text!r}"


def batches(inputs) -> st.SearchStrategy[list]:
    return st.lists(inputs, min_size=BATCH, max_size=BATCH)


def test_any_text_gets_an_answer(app, loop, caplog):
    caplog.set_level(logging.ERROR)
    senders, langs = st.integers(0, 19), st.sampled_from([None, "de", "en", "xx"])

    @settings(FUZZ, max_examples=TEXTS // BATCH)
    @given(batch=batches(st.tuples(texts, senders, langs)))
    def check(batch: list[tuple[str, int, str | None]]) -> None:
        for text, sender, lang in batch:
            answered(turn(app, loop, f"fuzz:text{sender}", text, lang), text)

    check()
    assert not caplog.records, caplog.records[0].getMessage()


def test_any_payload_gets_an_answer(app, loop, caplog):
    caplog.set_level(logging.ERROR)

    @settings(FUZZ, max_examples=PAYLOADS // BATCH)
    @given(batch=batches(st.tuples(payloads(), st.integers(0, 19))))
    def check(batch: list[tuple[str, int]]) -> None:
        for text, sender in batch:
            answered(turn(app, loop, f"fuzz:payload{sender}", text), text)

    check()
    assert not caplog.records, caplog.records[0].getMessage()


def bookings(app) -> tuple:
    """Row counts of appointments, holds and seats, and the holds' ids."""
    with app.db.read() as s:
        counts = tuple(
            s.scalar(select(func.count()).select_from(table))
            for table in (AppointmentRow, Hold, Seat)
        )
        return counts + (tuple(s.scalars(select(Hold.id))),)


def filled(state: dict) -> dict:
    """The conversation without its timestamp; an empty slot counts as absent."""
    slots = {k: v for k, v in state["slots"].items() if v is not None}
    return {**state, "slots": slots, "updated": None}


def test_a_forged_payload_changes_nothing(app, loop):
    """Mid-booking with a held slot; every forged payload leaves conversation and tables alone."""
    sender = "fuzz:forger"
    for text in (
        "/book_appointment",
        '/inform{"service":"reisepass"}',
        '/inform{"date":"2021-09-14"}',
        '/inform{"slot":"2021-09-14T09:00:00+02:00"}',
    ):
        turn(app, loop, sender, text)
    store = ConversationStore(app.db)
    before = store.load(sender)
    assert before["requested"] == "name" and before["slots"]["hold"]
    tables = bookings(app)

    @settings(FUZZ, max_examples=FORGED // BATCH)
    @given(batch=batches(forged))
    def check(batch: list[str]) -> None:
        for text in batch:
            answered(turn(app, loop, sender, text), text)
            assert filled(store.load(sender)) == filled(before), text
        assert bookings(app) == tables, batch

    check()


def test_a_forged_correction_neither_fills_the_name_nor_wipes_a_chosen_value(app, loop):
    """The two faults this fuzzing found, kept as a plain example."""
    sender = "fuzz:example"
    for text in (
        "/book_appointment",
        '/inform{"service":"reisepass"}',
        '/inform{"date":"2021-09-15"}',
        '/inform{"slot":"2021-09-15T09:00:00+02:00"}',
    ):
        turn(app, loop, sender, text)
    store = ConversationStore(app.db)
    held = store.load(sender)
    assert held["requested"] == "name"
    turn(app, loop, sender, '/inform{"email":"kein Kontakt"}')  # the payload's text is no name
    answer = turn(app, loop, sender, '/inform{"service":"gibt es nicht"}')  # keeps reisepass
    assert "Wie ist Ihr Vor- und Nachname?" in [r.text for r in answer]
    assert filled(store.load(sender)) == filled(held)
