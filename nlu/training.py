"""Trains the intent and language model with scikit-learn and exports it as a `Model`.

A multinomial logistic regression over tf-idf word and character n-grams; its probabilities
are calibrated by one temperature fitted on cross-validated scores, so the fallback threshold
means the same whatever the data.
"""

from __future__ import annotations

import time
from datetime import date

import numpy as np

from nlu.entities import EntityExtractor
from nlu.features import VERSION as FEATURES_VERSION
from nlu.features import features
from nlu.lexicon import Lexicon
from nlu.model import Model
from nlu.trainingdata import DataError, TrainingData

C = 20.0
TOLERANCE = 1e-3
LANGUAGE_C = 10.0
FOLDS = 3
SETTINGS = (
    f"features={FEATURES_VERSION};saga;C={C};tol={TOLERANCE};lang_C={LANGUAGE_C};folds={FOLDS}"
)
MARKER_DAY = date(2021, 9, 1)  # entity markers do not depend on the day; any fixed one will do


def train(data: TrainingData, data_hash: str) -> Model:
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):  # BLAS threads only contend on small data (5x slower on 2 cores)
        return _train(data, data_hash, time.perf_counter())


def _train(data: TrainingData, data_hash: str, started: float) -> Model:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    if len(data.intents) < 2:
        raise DataError("the training data needs examples of at least two intents")
    imported = time.perf_counter()
    entries = sorted(set(data.lexicon_entries()))
    extractor = EntityExtractor(Lexicon.build(entries))
    docs = [
        features(ex.text, (e["entity"] for e in extractor.extract(ex.text, MARKER_DAY)))
        for ex in data.examples
    ]
    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, lowercase=False)
    x = vectorizer.fit_transform(docs)
    intents = tuple(data.intents)
    y = np.array([intents.index(ex.intent) for ex in data.examples])

    def classifier() -> LogisticRegression:
        return LogisticRegression(C=C, solver="saga", tol=TOLERANCE, max_iter=3000, random_state=0)

    clf = classifier().fit(x, y)
    folds = min(FOLDS, int(np.bincount(y).min()))
    temperature, cv_accuracy = 1.0, None
    if folds >= 2:
        cv = StratifiedKFold(folds, shuffle=True, random_state=0)
        scores = cross_val_predict(classifier(), x, y, cv=cv, method="decision_function")
        temperature = fit_temperature(scores, y)
        cv_accuracy = float((scores.argmax(axis=1) == y).mean())

    english = np.array([ex.language == "en" for ex in data.examples])
    if english.all() or not english.any():
        lang_weights, lang_bias = np.zeros(x.shape[1]), 10.0 if english.all() else -10.0
    else:
        lang = LogisticRegression(
            C=LANGUAGE_C,
            class_weight="balanced",
            solver="saga",
            tol=TOLERANCE,
            max_iter=3000,
            random_state=0,
        )
        lang.fit(x, english)
        lang_weights, lang_bias = lang.coef_[0], float(lang.intercept_[0])

    vocabulary = {f: int(i) for f, i in vectorizer.vocabulary_.items()}
    return Model(
        intents=intents,
        vocabulary=vocabulary,
        idf=vectorizer.idf_,
        weights=np.ascontiguousarray(clf.coef_.T),
        bias=clf.intercept_,
        temperature=temperature,
        language_weights=lang_weights,
        language_bias=lang_bias,
        meta={
            "data_hash": data_hash,
            "settings": SETTINGS,
            "examples": len(data.examples),
            "cv_accuracy": cv_accuracy,
            "train_seconds": round(time.perf_counter() - started, 3),
            "import_seconds": round(imported - started, 3),
            "lexicon": [list(e) for e in entries],
        },
    )


def _identity(doc: list[str]) -> list[str]:
    return doc


def fit_temperature(scores: np.ndarray, y: np.ndarray) -> float:
    """The T minimising the negative log-likelihood of softmax(scores / T) (a grid is enough)."""
    best_t, best_nll = 1.0, np.inf
    for t in np.geomspace(0.1, 10.0, 121):
        z = scores / t
        z = z - z.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        nll = -log_p[np.arange(len(y)), y].mean()
        if nll < best_nll:
            best_t, best_nll = float(t), nll
    return best_t
