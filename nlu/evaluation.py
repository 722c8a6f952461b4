"""How well the interpreter reads labelled data: accuracy, macro-F1, per-intent figures, errors.

A fallback counts as a miss: a citizen whose message fell back was not understood.
Macro-F1 averages over the intents present in the data.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from nlu.interpreter import Interpreter
from nlu.trainingdata import TrainingData


def evaluate(interpreter: Interpreter, data: TrainingData, now: datetime) -> dict[str, Any]:
    gold, predicted, errors = [], [], []
    for ex in data.examples:
        result = interpreter.parse(ex.text, now)
        name = result["intent"]["name"]
        gold.append(ex.intent)
        predicted.append(name)
        if name != ex.intent:
            errors.append(
                {
                    "text": ex.text,
                    "intent": ex.intent,
                    "predicted": name,
                    "confidence": result["intent"]["confidence"],
                    "ranking": result["intent_ranking"][:3],
                }
            )
    per_intent = scores(gold, predicted)
    n = len(gold)
    return {
        "examples": n,
        "accuracy": round(sum(g == p for g, p in zip(gold, predicted, strict=True)) / n, 4)
        if n
        else 0.0,
        "macro_f1": round(sum(s["f1"] for s in per_intent.values()) / len(per_intent), 4)
        if per_intent
        else 0.0,
        "per_intent": per_intent,
        "errors": errors,
    }


def scores(gold: list[str], predicted: list[str]) -> dict[str, dict[str, Any]]:
    support = Counter(gold)
    said = Counter(predicted)
    hits = Counter(g for g, p in zip(gold, predicted, strict=True) if g == p)
    out = {}
    for intent in sorted(support):
        precision = hits[intent] / said[intent] if said[intent] else 0.0
        recall = hits[intent] / support[intent]
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[intent] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": support[intent],
        }
    return out


def report(result: dict[str, Any]) -> str:
    """The evaluation as a text table, then the misclassified examples."""
    lines = [
        f"examples {result['examples']}  accuracy {result['accuracy']:.3f}  "
        f"macro-F1 {result['macro_f1']:.3f}",
        "",
        f"{'intent':<24}{'precision':>10}{'recall':>8}{'f1':>7}{'support':>9}",
    ]
    for intent, s in result["per_intent"].items():
        lines.append(
            f"{intent:<24}{s['precision']:>10.3f}{s['recall']:>8.3f}{s['f1']:>7.3f}{s['support']:>9}"
        )
    if result["errors"]:
        lines += ["", f"misclassified ({len(result['errors'])}):"]
        lines += [
            f"  {e['intent']} -> {e['predicted']} ({e['confidence']:.2f}): {e['text']}"
            for e in result["errors"]
        ]
    return "\n".join(lines)
