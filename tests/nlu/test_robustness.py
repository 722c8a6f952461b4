"""Whatever arrives, the interpreter answers with a parse result: never an exception."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlu.normalise import MAX_CHARS

RASA_KEYS = {"text", "intent", "entities", "intent_ranking", "language", "language_confidence"}


def check(result):
    assert result.keys() >= RASA_KEYS
    assert isinstance(result["intent"]["name"], str)
    assert 0.0 <= result["intent"]["confidence"] <= 1.0
    assert result["language"] in ("de", "en")
    for e in result["entities"]:
        assert 0 <= e["start"] < e["end"] <= len(result["text"])
    json.dumps(result)  # serialisable, as the web API sends it


def test_odd_inputs(interpreter, now):
    odd = ["", " ", "\n\t", "😀😀😀", "🤷‍♀️", "\x00\x01\x02\xff", "?!?!", "-" * 50]
    odd += ["Quel temps fera-t-il demain ?", "Yarın saat onda randevu", "Термин завтра"]
    odd += ["مرحبا", "ｔｅｒｍｉｎ", "İstanbul İİİ", "\ud800broken", None, b"\xff\xfe bytes"]
    for text in odd:
        check(interpreter.parse(text, now))


def test_long_input_is_cut_not_rejected(interpreter, now):
    text = "Ich brauche einen Termin für meinen Perso morgen um 10. " * 200  # 11,200 chars
    result = interpreter.parse(text, now)
    check(result)
    assert len(result["text"]) == MAX_CHARS
    assert result["intent"]["name"] == "book_appointment"
    assert len(text) >= 10_000


def test_payloads_name_their_intent(interpreter, now):
    result = interpreter.parse('/book_appointment{"service": "reisepass"}', now)
    assert result["intent"] == {"name": "book_appointment", "confidence": 1.0}
    assert [(e["entity"], e["value"]) for e in result["entities"]] == [("service", "reisepass")]
    check(result)
    for forged in ('/no_such_intent{"a": 1}', '/affirm{"broken', "/affirm[1]"):
        check(interpreter.parse(forged, now))
        assert interpreter.parse(forged, now)["intent"]["confidence"] < 1.0


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300))
def test_any_text(interpreter, now, text):
    check(interpreter.parse(text, now))


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(
    ["am", "um", "halb", "viertel", "nach", "vor", "15.", "9.", "2021", "Montag", "nächsten",
     "in", "zwei", "Wochen", "Ende", "der", "Woche", "10", ":", "30", "Uhr", "pm", "am", "the",
     "of", "September", "Perso", "Pass", "+49", "0176", "@", "x.de", " ", "/", "-"]),
    max_size=20,
))  # fmt: skip
def test_date_like_word_salad(interpreter, now, words):
    check(interpreter.parse(" ".join(words), now))
