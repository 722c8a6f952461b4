"""The attacks of issue 14 against `buergerbot serve` with two workers on PostgreSQL.

Each test drives one attack as fast as it can (bounded in requests, never waiting out a
window) and prints its figure; `pytest tests/abuse -s` shows them. Clients on other loopback
addresses (127.0.0.0/8 all reach the server on Linux) stand for other citizens and hosts.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from storage.db import Database, open_database
from tests.serving import serving
from tests.storage.conftest import postgres_server

ALTCHA_KEY = "abuse-test-key"


@dataclass(frozen=True)
class Served:
    url: str
    db: Database  # the same database, for counting what the attacks achieved


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Served]:
    url, why = postgres_server()
    if url is None:
        pytest.skip(f"NO POSTGRESQL at 127.0.0.1:5432 — abuse tests skipped ({why})")
    schema = f"bb_abuse_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with admin.begin() as c:
        c.exec_driver_sql(f"CREATE SCHEMA {schema}")
    database_url = f"{url}?options=-csearch_path%3D{schema}"
    drop = tmp_path_factory.mktemp("mail")  # the default set-up's e-mail: the mail drop
    env = os.environ | {"DATABASE_URL": database_url, "BUERGERBOT_ALTCHA_KEY": ALTCHA_KEY,
                        "BUERGERBOT_MAIL_DROP": str(drop)}  # fmt: skip
    for name in ("TELEGRAM_BOT_TOKEN", "REDIS_URL", "BUERGERBOT_TRUSTED_PROXIES", "SMTP_URL",
                 "BUERGERBOT_VERIFY_CONTACTS"):  # fmt: skip
        env.pop(name, None)  # the product's defaults
    try:
        with serving(env, workers=2) as base:
            db = open_database(database_url)
            yield Served(base, db)
            db.dispose()
    finally:
        with admin.begin() as c:
            c.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()
