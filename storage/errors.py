"""Errors that leave the storage layer: importable without SQLAlchemy, so the CLI stays light."""


class DatabaseUnavailable(Exception):
    """The database cannot be used (unreachable, or not migrated); the message says what to run."""
