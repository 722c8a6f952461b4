"""Conversation state, callback ids and the database handle itself, on both backends."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from storage.callbacks import CallbackStore
from storage.conversations import ConversationStore
from storage.db import open_database
from storage.errors import DatabaseUnavailable
from storage.models import Base
from tests.storage.support import berlin

NOW = berlin(2021, 9, 13, 8, 0)


def test_conversation_state_round_trips_and_is_replaced(db):
    store = ConversationStore(db)
    assert store.load("web:a") is None
    state = {
        "form": "booking",
        "slots": {"service": "reisepass", "day": "2021-09-14"},
        "lang": "de",
    }
    store.save("web:a", state, NOW)
    assert store.load("web:a") == state
    store.save("web:a", {"lang": "en"}, NOW)
    assert store.load("web:a") == {"lang": "en"}
    assert store.load("web:b") is None
    store.clear("web:a")
    assert store.load("web:a") is None


def test_callback_ids_are_short_and_good_for_one_tap_by_their_sender(db):
    store = CallbackStore(db)
    payload = (
        '/book{"slot": "2021-09-14T09:00:00+02:00", "service": "vorlaeufiger_personalausweis"}'
    )
    first, second = store.put("telegram:1", [payload, "/deny"], NOW)
    assert len(first.encode()) <= 64 and first != second
    assert store.take(first, "telegram:2", NOW) is None  # someone else's id
    assert store.take(first, "telegram:1", NOW) == payload
    assert store.take(first, "telegram:1", NOW) is None  # a double tap
    assert store.take("forged", "telegram:1", NOW) is None
    assert store.take(second, "telegram:1", NOW) is None  # the keyboard was answered
    (other,) = store.put("telegram:1", ["/affirm"], NOW)  # another keyboard is independent
    assert store.take(other, "telegram:1", NOW) == "/affirm"


def test_concurrent_taps_on_one_keyboard_act_once(db):
    store = CallbackStore(db)
    ids = store.put("telegram:1", [f'/inform{{"slot": "{i}"}}' for i in range(12)], NOW)
    with ThreadPoolExecutor(max_workers=12) as pool:
        taken = list(pool.map(lambda i: store.take(i, "telegram:1", NOW), ids))
    assert sum(p is not None for p in taken) == 1


def test_migrations_match_the_models(db):
    with db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    db.check()


def test_unmigrated_and_unreachable_databases_are_explained(tmp_path):
    fresh = open_database(f"sqlite:///{tmp_path / 'new' / 'b.db'}")
    with pytest.raises(DatabaseUnavailable, match="not migrated.*buergerbot db upgrade"):
        fresh.check()
    with pytest.raises(DatabaseUnavailable, match="not migrated.*buergerbot db upgrade"):
        ConversationStore(fresh).load("x")
    fresh.upgrade()
    fresh.check()
    fresh.dispose()
    down = open_database("postgresql+psycopg://nobody:secret@127.0.0.1:1/none")
    with pytest.raises(DatabaseUnavailable, match="cannot reach") as e:
        down.check()
    assert "secret" not in str(e.value)
