"""The embedded NLU: a message in, Rasa's parse format out (plus the message's language).

    {"text", "intent": {"name", "confidence"}, "entities": [...],
     "intent_ranking": [{"name", "confidence"}, ...], "language": "de"|"en",
     "language_confidence": float}

Below FALLBACK_THRESHOLD the intent is `nlu_fallback` (confidence = the threshold) and the
classifier's ranking follows it, as Rasa's FallbackClassifier does.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import numpy as np

from nlu.entities import EntityExtractor
from nlu.lexicon import Lexicon
from nlu.model import Model
from nlu.normalise import as_text
from nlu.trainingdata import data_files, fingerprint
from office import payload

log = logging.getLogger(__name__)

PACKAGE = Path(__file__).resolve().parent
DATA_DIR = PACKAGE / "data"
CACHE_DIR = PACKAGE / ".cache"
BERLIN = ZoneInfo("Europe/Berlin")
FALLBACK = "nlu_fallback"
FALLBACK_THRESHOLD = 0.35  # chosen on data: bench/oos_threshold.py
RANKING_LENGTH = 10
LANGUAGES = ("de", "en")
# Intents of sentences that give context, not the request, in a message of several sentences.
CONTEXT_INTENTS = frozenset({"greet", "thank", "goodbye", "inform", "affirm", "deny"})
QUESTION_BONUS = 0.15
# Entities whose words say nothing about the language of a message.
NOT_LANGUAGE = frozenset({"email", "phone", "name", "code"})
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
_LETTERS = re.compile(r"[^\W\d_]{2,}")
_LAST_WORD = re.compile(r"(\w+)$")
_WORD = re.compile(r"\w")
# An address mistyped or written to dodge spam filters ("kim(at)example.org", "kim at example
# dot org"), a web address or a domain: none of its words says which language the citizen writes.
_ADDRESS_LIKE = re.compile(
    r"\S*(?:@|\(at\)|\[at\]|\{at\}|\(ät\)|\[ät\])\S*"
    r"|\b[\w.+-]+\s+(?:at|ät|\(at\))\s+[\w-]+\s*(?:\.|\bdot\b|\bpunkt\b)\s*[a-z]{2,}\b"
    r"|(?:https?://|www\.)\S+"
    r"|\b[\w.-]+\.(?:de|com|org|net|eu|info|io)\b",
    re.IGNORECASE,
)
ABBREVIATIONS = frozenset(
    {"bzw", "ca", "nr", "str", "dr", "fr", "hr", "inkl", "evtl", "ggf", "usw"}
)


class CatalogService(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def name(self) -> dict[str, str]: ...


class Interpreter:
    def __init__(
        self,
        model: Model,
        services: Iterable[CatalogService] | None = None,
        tz: tzinfo = BERLIN,
        threshold: float = FALLBACK_THRESHOLD,
    ):
        """`services` (the city's catalog) limits `service` values to its ids and adds its names."""
        entries = [tuple(e) for e in model.meta.get("lexicon", [])]
        if services is not None:
            catalog = list(services)
            ids = {s.id for s in catalog}
            entries = [e for e in entries if e[0] != "service" or e[2] in ids]
            entries += [("service", name, s.id) for s in catalog for name in s.name.values()]
            entries += [("service", s.id.replace("_", " "), s.id) for s in catalog]
        self.model = model
        self.extractor = EntityExtractor(Lexicon.build(entries))
        self.tz = tz
        self.threshold = threshold

    @classmethod
    def load_or_train(
        cls,
        data: Path = DATA_DIR,
        cache_dir: Path = CACHE_DIR,
        services: Iterable[CatalogService] | None = None,
        tz: tzinfo = BERLIN,
        retrain: bool = False,
    ) -> Interpreter:
        """The cached model for exactly this data, trained (and cached) first if there is none."""
        return cls(load_or_train_model(data, cache_dir, retrain), services, tz)

    @property
    def intents(self) -> tuple[str, ...]:
        return self.model.intents

    def parse(self, text: Any, now: datetime) -> dict[str, Any]:
        """Never raises for any text: empty, huge, binary or emoji-only input gets a result too."""
        text = as_text(text)
        payload = self._payload(text)
        if payload:
            return payload
        today = (now if now.tzinfo else now.replace(tzinfo=self.tz)).astimezone(self.tz).date()
        entities = self.extractor.extract(text, today)
        probs = self._request_probabilities(text, entities)
        order = probs.argsort()[::-1][:RANKING_LENGTH]
        ranking = [
            {"name": self.intents[i], "confidence": round(float(probs[i]), 4)} for i in order
        ]
        intent = dict(ranking[0])
        if intent["confidence"] < self.threshold or not _WORD.search(text):  # no word: guesswork
            intent = {"name": FALLBACK, "confidence": self.threshold}
            ranking = [intent, *ranking]
        lang, confidence, words = self._language(text, entities)
        return {
            "text": text,
            "intent": intent,
            "entities": entities,
            "intent_ranking": ranking,
            "language": lang,
            "language_confidence": confidence,
            "language_words": words,
        }

    def _probabilities(self, text: str, entities: Iterable[dict[str, Any]]) -> np.ndarray:
        idx, values = self.model.vector(text, (e["entity"] for e in entities))
        return self.model.intent_probabilities(idx, values)

    def _request_probabilities(self, text: str, entities: list[dict[str, Any]]) -> np.ndarray:
        """A long message is read sentence by sentence: the sentence carrying the request
        decides, so a paragraph of context ("Ich bin umgezogen. Meine Tochter ...") does not
        dilute it. Greetings, thanks and bare answers are context; a question weighs more."""
        sentences = sentence_spans(text)
        if len(sentences) < 2:
            return self._probabilities(text, entities)
        best, best_score = None, -1.0
        for start, end in sentences:
            inside = [e for e in entities if start <= e["start"] and e["end"] <= end]
            probs = self._probabilities(text[start:end], inside)
            top = int(probs.argmax())
            if self.intents[top] in CONTEXT_INTENTS:
                continue
            score = float(probs[top]) + (QUESTION_BONUS if text[end - 1] == "?" else 0.0)
            if score > best_score:
                best, best_score = probs, score
        return best if best is not None else self._probabilities(text, entities)

    def _language(self, text: str, entities: list[dict[str, Any]]) -> tuple[str, float, int]:
        """The language of the words that are not contact data: an e-mail address, a phone
        number, a name or a code says nothing about the language the citizen writes in.
        Also how many such words there are, so the dialogue switches only on a sentence."""
        for e in sorted(entities, key=lambda e: e["start"], reverse=True):
            if e["entity"] in NOT_LANGUAGE:
                text = text[: e["start"]] + " " + text[e["end"] :]
        text = _ADDRESS_LIKE.sub(" ", text)
        words = len(_LETTERS.findall(text))
        idx, values = self.model.vector(text)
        english = self.model.english_probability(idx, values) if len(idx) else 0.5
        lang = "en" if english > 0.5 else "de"
        return lang, round(float(max(english, 1 - english)), 4), words

    def _payload(self, text: str) -> dict[str, Any] | None:
        """A button payload `/intent{"slot": "value"}` of a known intent names it, as in Rasa."""
        parsed = payload.read(text)
        if parsed is None or parsed.intent not in self.intents:
            return None
        start, end = len(parsed.intent) + 1, len(text.rstrip())
        entities = [
            {"entity": k, "start": start, "end": end, "value": v, "extractor": "payload"}
            for k, v in parsed.entities.items()
        ]
        intent = {"name": parsed.intent, "confidence": 1.0}
        return {
            "text": text,
            "intent": intent,
            "entities": entities,
            "intent_ranking": [intent],
            "language": LANGUAGES[0],
            "language_confidence": 0.0,
            "language_words": 0,
        }


def model_path(data: Path = DATA_DIR, cache_dir: Path = CACHE_DIR) -> tuple[Path, str]:
    """Where the model for this data lives, and the data's hash (the cache key)."""
    from nlu.training import SETTINGS

    key = fingerprint(data_files(data), SETTINGS)
    return cache_dir / f"model-{key[:20]}.npz", key


def load_or_train_model(
    data: Path = DATA_DIR, cache_dir: Path = CACHE_DIR, retrain: bool = False
) -> Model:
    path, key = model_path(data, cache_dir)
    if path.exists() and not retrain:
        try:
            return Model.load(path)
        except (OSError, ValueError, KeyError) as e:
            log.warning("nlu model %s unreadable (%s); training anew", path.name, e)
    from nlu import trainingdata
    from nlu.training import train

    model = train(trainingdata.load(data), key)
    model.save(path)
    for old in cache_dir.glob("model-*.npz"):
        if old != path:
            old.unlink(missing_ok=True)
    log.info("nlu model trained in %.1f s: %s", model.meta["train_seconds"], path.name)
    return model


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence with words; a dot in "15.9." or "z.B." ends none."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if text[m.start() - 1 : m.start()] == "." and not _ends_sentence(text[: m.start() - 1]):
            continue
        if _LETTERS.search(text[start : m.start()]):
            spans.append((start, m.start()))
        start = m.end()
    if _LETTERS.search(text[start:]):
        spans.append((start, len(text.rstrip())))
    return [(s, e) for s, e in spans if e > s]


def _ends_sentence(before_dot: str) -> bool:
    """A dot after a word ends a sentence, after a number ("15.9.") or "z.B." not."""
    m = _LAST_WORD.search(before_dot)
    if not m:
        return False
    word = m.group(1)
    return (
        len(word) >= 2
        and word.isalpha()
        and word.lower() not in ABBREVIATIONS
        and not (before_dot[: m.start()].endswith("."))
    )
