"""One database per backend per test run (a temporary SQLite file; a fresh PostgreSQL schema,
dropped afterwards), emptied before every test. The `db` fixture runs each test on both."""

from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa

from storage.db import Database, open_database
from storage.models import Base
from storage.timeouts import Timeouts

RACE_TIMEOUTS = Timeouts(lock_s=60.0)
PG_SERVER = os.environ.get("BUERGERBOT_TEST_PG", "postgresql+psycopg://{role}@127.0.0.1:5432/test")


def postgres_server() -> tuple[str | None, str]:
    """The first role that connects (trust auth: postgres, else root), or why none did."""
    errors = []
    for role in ("postgres", "root"):
        url = PG_SERVER.format(role=role)
        engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        try:
            with engine.connect():
                return url, ""
        except sa.exc.OperationalError as e:
            errors.append(f"{role}: {str(e.orig).splitlines()[0]}")
        finally:
            engine.dispose()
    return None, "; ".join(errors)


@pytest.fixture(scope="session")
def pg_url():
    url, why = postgres_server()
    if url is None:
        pytest.skip(f"NO POSTGRESQL at 127.0.0.1:5432 — PostgreSQL tests skipped ({why})")
    schema = f"bb_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with admin.begin() as c:
        c.exec_driver_sql(f"CREATE SCHEMA {schema}")
    yield f"{url}?options=-csearch_path%3D{schema}"
    with admin.begin() as c:
        c.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    admin.dispose()


@pytest.fixture(scope="session")
def migrated(request, tmp_path_factory):
    """Backend name → a migrated Database, made on first use and kept for the session."""
    made: dict[str, Database] = {}

    def get(backend: str) -> Database:
        if backend not in made:
            if backend == "sqlite":
                url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
            else:
                url = request.getfixturevalue("pg_url")
            # The races here check what contention leaves behind, not how long a write may
            # wait: on a loaded machine 34 threads on one SQLite file can queue past the
            # product's 5 s lock timeout (tests/prod checks that timeout).
            db = open_database(url, pool_size=20, max_overflow=0, timeouts=RACE_TIMEOUTS)
            db.upgrade()
            made[backend] = db
        return made[backend]

    yield get
    for db in made.values():
        db.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request, migrated) -> Database:
    database = migrated(request.param)
    with database.engine.begin() as c:
        for table in reversed(Base.metadata.sorted_tables):
            c.execute(table.delete())
    return database
