"""The embedded NLU: a message in, Rasa's parse format out (plus the message's language).

    {"text", "intent": {"name", "confidence"}, "entities": [...],
     "intent_ranking": [{"name", "confidence"}, ...], "language": "de"|"en",
     "language_confidence": float}

Below FALLBACK_THRESHOLD the intent is `nlu_fallback` (confidence = the threshold) and the
classifier's ranking follows it, as Rasa's FallbackClassifier does.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from nlu.entities import EntityExtractor
from nlu.lexicon import Lexicon
from nlu.model import Model
from nlu.normalise import as_text
from nlu.trainingdata import data_files, fingerprint

log = logging.getLogger(__name__)

PACKAGE = Path(__file__).resolve().parent
DATA_DIR = PACKAGE / "data"
CACHE_DIR = PACKAGE / ".cache"
BERLIN = ZoneInfo("Europe/Berlin")
FALLBACK = "nlu_fallback"
FALLBACK_THRESHOLD = 0.4
RANKING_LENGTH = 10
LANGUAGES = ("de", "en")
_PAYLOAD = re.compile(r"^/(?P<intent>\w+)(?P<entities>\{.*\})?\s*$", re.DOTALL)


class CatalogService(Protocol):
    id: str
    name: dict[str, str]


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
        idx, values = self.model.vector(text, (e["entity"] for e in entities))
        probs = self.model.intent_probabilities(idx, values)
        order = probs.argsort()[::-1][:RANKING_LENGTH]
        ranking = [
            {"name": self.intents[i], "confidence": round(float(probs[i]), 4)} for i in order
        ]
        intent = dict(ranking[0])
        if intent["confidence"] < self.threshold:
            intent = {"name": FALLBACK, "confidence": self.threshold}
            ranking = [intent, *ranking]
        english = self.model.english_probability(idx, values) if len(idx) else 0.5
        lang = "en" if english > 0.5 else "de"
        return {
            "text": text,
            "intent": intent,
            "entities": entities,
            "intent_ranking": ranking,
            "language": lang,
            "language_confidence": round(float(max(english, 1 - english)), 4),
        }

    def _payload(self, text: str) -> dict[str, Any] | None:
        """A button payload `/intent{"slot": "value"}` names its intent, as in Rasa."""
        m = _PAYLOAD.match(text)
        if not m or m["intent"] not in self.intents:
            return None
        entities = []
        if m["entities"]:
            try:
                values = json.loads(m["entities"])
            except json.JSONDecodeError:
                return None
            if not isinstance(values, dict):
                return None
            start, end = m.span("entities")
            entities = [
                {"entity": str(k), "start": start, "end": end, "value": v, "extractor": "payload"}
                for k, v in values.items()
                if isinstance(v, str | int | float | bool)
            ]
        intent = {"name": m["intent"], "confidence": 1.0}
        return {
            "text": text,
            "intent": intent,
            "entities": entities,
            "intent_ranking": [intent],
            "language": LANGUAGES[0],
            "language_confidence": 0.0,
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
