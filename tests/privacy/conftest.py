"""The storage tests' databases (SQLite and PostgreSQL, emptied per test) for privacy tests."""

from tests.storage.conftest import db, migrated, pg_url  # noqa: F401 - fixtures
