"""The classifier on the held-out set, written apart from the training data."""

from __future__ import annotations

from nlu import trainingdata
from nlu.evaluation import evaluate, report
from nlu.interpreter import Interpreter

from .conftest import HELDOUT

MIN_ACCURACY = 0.92


def test_heldout_accuracy(interpreter, now):
    result = evaluate(interpreter, trainingdata.load(HELDOUT), now)
    print("\n" + report(result))  # shown with -s, and in CI logs on failure
    assert result["accuracy"] >= MIN_ACCURACY, report(result)
    assert result["macro_f1"] >= MIN_ACCURACY - 0.02


def test_language_of_heldout_messages(interpreter, now):
    examples = trainingdata.load(HELDOUT).examples
    right = sum(interpreter.parse(ex.text, now)["language"] == ex.language for ex in examples)
    assert right / len(examples) >= 0.95


def test_low_confidence_falls_back_and_keeps_the_ranking(interpreter, now):
    strict = Interpreter(interpreter.model, threshold=0.999)
    plain = interpreter.parse("Termin am Montag", now)
    result = strict.parse("Termin am Montag", now)
    assert result["intent"] == {"name": "nlu_fallback", "confidence": 0.999}
    assert result["intent_ranking"] == [result["intent"], *plain["intent_ranking"]]
    assert result["entities"] == plain["entities"]


def test_a_message_without_words_falls_back(interpreter, now):
    result = interpreter.parse("😀😀😀", now)
    assert result["intent"]["name"] == "nlu_fallback"
    assert len(result["intent_ranking"]) == 11
