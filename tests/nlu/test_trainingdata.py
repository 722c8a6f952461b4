"""The training data itself: the agreed intents, enough varied examples, annotations that the
extractors reproduce, service ids that exist in the city's catalog, a held-out set kept apart."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from nlu import trainingdata
from nlu.interpreter import DATA_DIR
from nlu.normalise import fold
from nlu.trainingdata import DataError, parse_example

from .conftest import HELDOUT

INTENTS = {
    "greet", "goodbye", "thank", "affirm", "deny", "help", "ask_opening_hours",
    "ask_walkin_hours", "book_appointment", "cancel_appointment", "reschedule_appointment",
    "my_appointments", "report_emergency", "ask_phone_booking", "ask_cutover", "inform",
    "out_of_scope", "service_info", "office_contact", "human_handoff", "complaint",
    "erase_data", "request_data",
}  # fmt: skip


@pytest.fixture(scope="module")
def data():
    return trainingdata.load(DATA_DIR)


@pytest.fixture(scope="module")
def heldout():
    return trainingdata.load(HELDOUT)


def test_exactly_the_agreed_intents(data, heldout):
    assert set(data.intents) == INTENTS
    assert set(heldout.intents) == INTENTS


def test_enough_examples_per_intent_and_language(data):
    counts = Counter((ex.intent, ex.language) for ex in data.examples)
    for intent in INTENTS:
        assert counts[intent, "de"] >= 40, intent
        assert counts[intent, "en"] >= 10, intent


def test_no_duplicate_examples(data):
    texts = Counter(ex.text for ex in data.examples)
    assert [t for t, n in texts.items() if n > 1] == []


def test_heldout_is_large_enough_and_not_copied_from_training(data, heldout):
    assert min(Counter(ex.intent for ex in heldout.examples).values()) >= 15
    trained = {fold(ex.text).strip(" ?!.") for ex in data.examples}
    assert [ex.text for ex in heldout.examples if fold(ex.text).strip(" ?!.") in trained] == []


def test_only_services_and_documents_are_looked_up(data):
    assert {e for e, _, _ in data.lexicon_entries()} == {"service", "document"}


def test_service_values_are_catalog_ids(data, city):
    ids = {s.id for s in city.services}
    values = {v for e, _, v in data.lexicon_entries() if e == "service"}
    assert values <= ids, values - ids
    assert ids <= values, f"catalog services without a synonym: {ids - values}"


def test_annotated_entities_are_found_with_their_values(data, interpreter):
    """Every annotation in the data is reproduced by the extractors, at the same place."""
    misses = []
    for ex in data.examples:
        found = interpreter.extractor.extract(ex.text, date(2021, 9, 13))
        for a in ex.entities:
            hits = [e for e in found if _kind(e) == a.entity and _overlap(e, a)]
            if not hits:
                misses.append((ex.text, a.entity, a.text))
            elif a.entity in ("service", "document") and data.value_of(a) not in {
                e["value"] for e in hits
            }:
                misses.append((ex.text, a.entity, a.text, data.value_of(a)))
    assert misses == []


def _kind(e) -> str:
    """A day with two readings at the test's reference day is a date expression all the same."""
    return "date" if e["entity"] == "date_unclear" else e["entity"]


def _overlap(e, a) -> bool:
    return e["start"] < a.end and a.start < e["end"]


def test_annotation_markup_is_parsed():
    ex = parse_example('Termin für [Perso](service) [morgen]{"entity": "date"} bitte', "book")
    assert ex.text == "Termin für Perso morgen bitte"
    assert [(a.entity, ex.text[a.start : a.end]) for a in ex.entities] == [
        ("service", "Perso"),
        ("date", "morgen"),
    ]


def test_broken_data_is_reported_with_its_file(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("version: '3.1'\nnlu:\n- intent: greet\n  examples: hallo\n")
    with pytest.raises(DataError, match="bad.yml"):
        trainingdata.load(bad)
    with pytest.raises(DataError, match="no such file"):
        trainingdata.load(tmp_path / "missing")
