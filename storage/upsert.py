"""INSERT ... ON CONFLICT for both backends (SQLite and PostgreSQL share the syntax)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session


def dialect_insert(dialect: str, model: type):
    """The dialect's INSERT, which has ON CONFLICT (and `excluded`)."""
    return (sqlite_insert if dialect == "sqlite" else pg_insert)(model)


def insert_missing(s: Session, model: type, values: dict[str, Any], keys: list[str]) -> None:
    """Insert `values` unless a row with the same `keys` exists (a concurrent insert included)."""
    statement = dialect_insert(s.get_bind().dialect.name, model).values(**values)
    s.execute(statement.on_conflict_do_nothing(index_elements=keys))
