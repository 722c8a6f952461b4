"""The outreach tests run on both backends, with the storage tests' database fixtures."""

from tests.storage.conftest import db, migrated, pg_url  # noqa: F401
