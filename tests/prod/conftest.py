"""A private PostgreSQL server for the fault tests (they stop and kill things), one per session."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.prod.pgserver import PrivatePostgres


@pytest.fixture(scope="session")
def private_pg():
    # Not under pytest's tmp_path: its parents are private to root, and the server runs as postgres.
    server = PrivatePostgres(Path(tempfile.mkdtemp(prefix="buergerbot-pg-")))
    why = server.missing()
    if why:
        pytest.skip(f"private PostgreSQL unavailable: {why}")
    server.init()
    server.start()
    yield server
    if server.running():
        server.stop("immediate")
    shutil.rmtree(server.base, ignore_errors=True)


@pytest.fixture
def pg_database(private_pg) -> str:
    """A fresh database on the private server; its URL."""
    name = f"t_{uuid.uuid4().hex[:10]}"
    if not private_pg.running():
        private_pg.start()
    admin = sa.create_engine(
        private_pg.url(), isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool
    )
    with admin.connect() as c:
        c.exec_driver_sql(f"CREATE DATABASE {name}")
    admin.dispose()
    return private_pg.url(name)
