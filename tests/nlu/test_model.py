"""The exported model scores exactly as scikit-learn does, and the cache follows the data."""

from __future__ import annotations

import numpy as np
import pytest

from nlu import training
from nlu.entities import EntityExtractor
from nlu.features import features
from nlu.interpreter import load_or_train_model, model_path
from nlu.lexicon import Lexicon
from nlu.model import Model
from nlu.trainingdata import load

DATA = """version: "3.1"
nlu:
- intent: greet
  examples: |
    - hallo
    - guten tag
    - moin moin
    - servus
- intent: book_appointment
  examples: |
    - Termin für [Perso](service) buchen
    - ich brauche einen Termin
    - Termin am Montag bitte
    - neuen Pass beantragen
- intent: goodbye
  metadata: {language: en}
  examples: |
    - bye
    - see you later
    - goodbye
    - have a nice day
- synonym: personalausweis
  examples: |
    - Perso
"""


@pytest.fixture()
def data_dir(tmp_path):
    d = tmp_path / "data"
    d.mkdir()
    (d / "nlu.yml").write_text(DATA, encoding="utf-8")
    return d


def test_exported_model_scores_like_scikit_learn(data_dir):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    data = load(data_dir)
    model = training.train(data, "test")
    extractor = EntityExtractor(Lexicon.build(data.lexicon_entries()))

    def doc(text):
        kinds = [e["entity"] for e in extractor.extract(text, training.MARKER_DAY)]
        return features(text, kinds), kinds

    vectorizer = TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True, lowercase=False)
    x = vectorizer.fit_transform([doc(ex.text)[0] for ex in data.examples])
    y = [model.intents.index(ex.intent) for ex in data.examples]
    clf = LogisticRegression(
        C=training.C, solver="saga", tol=training.TOLERANCE, max_iter=3000, random_state=0
    ).fit(x, y)
    for text in ("Hallo, Termin für Perso am Montag", "bye bye", "völlig unbekannt"):
        feats, kinds = doc(text)
        idx, values = model.vector(text, kinds)
        dense = np.zeros(x.shape[1])
        dense[idx] = values
        assert np.allclose(dense, vectorizer.transform([feats]).toarray()[0], atol=1e-6)
        scores = clf.decision_function(vectorizer.transform([feats]))[0] / model.temperature
        expected = np.exp(scores - scores.max())
        assert np.allclose(
            model.intent_probabilities(idx, values), expected / expected.sum(), atol=1e-5
        )


def test_model_round_trips_through_its_file(data_dir, tmp_path):
    model = training.train(load(data_dir), "abc")
    path = tmp_path / "m.npz"
    model.save(path)
    again = Model.load(path)
    assert again.intents == model.intents and again.vocabulary == model.vocabulary
    assert again.meta["data_hash"] == "abc"
    idx, values = again.vector("moin, Termin bitte")
    before, after = model.intent_probabilities(idx, values), again.intent_probabilities(idx, values)
    assert np.allclose(before, after, atol=1e-5)
    assert list(tmp_path.glob("*.tmp")) == []


def test_cache_is_keyed_by_the_data(data_dir, tmp_path):
    cache = tmp_path / "cache"
    first = load_or_train_model(data_dir, cache)
    (path,) = cache.glob("model-*.npz")
    assert path == model_path(data_dir, cache)[0]
    stamp = path.stat().st_mtime_ns
    assert load_or_train_model(data_dir, cache).meta == first.meta  # loaded, not retrained
    assert path.stat().st_mtime_ns == stamp

    (data_dir / "nlu.yml").write_text(DATA + "- lookup: service\n  examples: |\n    - Pass\n")
    second = load_or_train_model(data_dir, cache)
    (new_path,) = cache.glob("model-*.npz")  # the stale model is gone
    assert new_path != path and second.meta["data_hash"] != first.meta["data_hash"]


def test_an_unreadable_model_is_trained_anew(data_dir, tmp_path):
    cache = tmp_path / "cache"
    path, _ = model_path(data_dir, cache)
    cache.mkdir()
    path.write_bytes(b"not a model")
    model = load_or_train_model(data_dir, cache)
    assert Model.load(path).intents == model.intents


def test_language_comes_from_the_data(data_dir):
    model = training.train(load(data_dir), "x")
    idx, values = model.vector("see you later, goodbye")
    assert model.english_probability(idx, values) > 0.5
    idx, values = model.vector("guten tag, ich brauche einen termin")
    assert model.english_probability(idx, values) < 0.5
