"""The trained intent and language model as plain arrays: loading and scoring need only numpy.

Training (nlu/training.py) uses scikit-learn, whose import alone takes about two seconds; the
exported arrays load in milliseconds and score a message in microseconds.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from nlu.features import context_features, split, word_features

WORD_CACHE_SIZE = 50_000


@dataclass(frozen=True)
class Model:
    intents: tuple[str, ...]
    vocabulary: dict[str, int]
    idf: np.ndarray  # (F,)
    weights: np.ndarray  # (F, intents): feature-major, so a message gathers a few rows
    bias: np.ndarray  # (intents,)
    temperature: float  # from cross-validation: softmax(scores / T) is calibrated
    language_weights: np.ndarray  # (F,): > 0 leans English
    language_bias: float
    meta: dict[str, Any]  # lexicon entries, data hash, training figures
    word_cache: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)

    def vector(self, text: str, entity_kinds=()) -> tuple[np.ndarray, np.ndarray]:
        """Indices and tf-idf values (sublinear tf, l2-normed) of the known features."""
        words = split(text)
        found = [i for w in words for i in self._word_indices(w)]
        vocabulary = self.vocabulary
        found += [vocabulary.get(f, -1) for f in context_features(words, entity_kinds)]
        counts = Counter(found)
        counts.pop(-1, None)
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        values = (1.0 + np.log(tf)) * self.idf[idx]
        return idx, values / np.linalg.norm(values)

    def _word_indices(self, word: str) -> tuple[int, ...]:
        """The known features of one word, remembered (a bounded cache per model)."""
        known = self.word_cache.get(word)
        if known is None:
            if len(self.word_cache) >= WORD_CACHE_SIZE:
                self.word_cache.clear()
            vocabulary = self.vocabulary
            known = tuple(vocabulary[f] for f in word_features(word) if f in vocabulary)
            self.word_cache[word] = known
        return known

    def intent_probabilities(self, idx: np.ndarray, values: np.ndarray) -> np.ndarray:
        scores = (values @ self.weights[idx] + self.bias) / self.temperature
        scores -= scores.max()
        p = np.exp(scores)
        return p / p.sum()

    def english_probability(self, idx: np.ndarray, values: np.ndarray) -> float:
        z = float(values @ self.language_weights[idx] + self.language_bias)
        return 1.0 / (1.0 + np.exp(-z))

    def save(self, path: Path) -> None:
        """Written to a temporary file and renamed: a reader never sees half a model."""
        path.parent.mkdir(parents=True, exist_ok=True)
        header = {
            "intents": list(self.intents),
            "features": sorted(self.vocabulary, key=self.vocabulary.__getitem__),
            "temperature": self.temperature,
            "language_bias": self.language_bias,
            "meta": self.meta,
        }
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                np.savez(
                    f,
                    header=np.frombuffer(json.dumps(header).encode(), dtype=np.uint8),
                    idf=self.idf.astype(np.float32),
                    weights=self.weights.astype(np.float32),
                    bias=self.bias,
                    language_weights=self.language_weights.astype(np.float32),
                )
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path) -> Model:
        with np.load(path, allow_pickle=False) as z:
            header = json.loads(z["header"].tobytes())
            return cls(
                intents=tuple(header["intents"]),
                vocabulary={f: i for i, f in enumerate(header["features"])},
                idf=z["idf"].astype(np.float64),
                weights=z["weights"].astype(np.float64),
                bias=z["bias"],
                temperature=float(header["temperature"]),
                language_weights=z["language_weights"].astype(np.float64),
                language_bias=float(header["language_bias"]),
                meta=header["meta"],
            )
