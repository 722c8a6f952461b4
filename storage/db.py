"""The database handle: built by `open_database(url)`, never at import time.

Sync SQLAlchemy with psycopg 3: one driver serves the CLI, the workers and the tests, and every
transaction here is short (a handful of statements), so an async driver would buy nothing but
a second code path. Async channels call the booking service through a thread.

SQLite runs in WAL mode with a busy timeout, and write transactions start with BEGIN IMMEDIATE:
writers queue for the lock up front instead of failing when a read lock cannot be upgraded.
Writers of one process also queue on a lock of their own, which wakes the next one at once
instead of leaving it to SQLite's busy handler, which polls with sleeps of up to 100 ms.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session, sessionmaker

from storage.errors import DatabaseUnavailable

if TYPE_CHECKING:
    from alembic.config import Config

SQLITE_BUSY_MS = 30_000
MIGRATIONS = Path(__file__).parent / "migrations"


class Database:
    """An engine and its sessions; `read()` for queries, `write()` for one atomic change."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.url = engine.url.render_as_string(hide_password=True)
        self.is_sqlite = engine.dialect.name == "sqlite"
        writer = engine.execution_options(begin_immediate=True) if self.is_sqlite else engine
        self._writer = writer
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(writer, expire_on_commit=False)
        self._writer_lock = threading.Lock() if self.is_sqlite else nullcontext()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._explained(), self._read() as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        with self._writer_lock, self._explained(), self._write() as session, session.begin():
            yield session

    @contextmanager
    def connection(self, write: bool = False) -> Iterator[Connection]:
        """A Core connection in one transaction, for the per-message hot path where building an
        ORM session costs more than the statement (a third of the time of a small query)."""
        lock = self._writer_lock if write else nullcontext()
        with lock, self._explained(), (self._writer if write else self.engine).begin() as c:
            yield c

    @contextmanager
    def _explained(self) -> Iterator[None]:
        try:
            yield
        except (OperationalError, ProgrammingError) as e:
            problem = self._problem(e)
            if problem is None:
                raise
            raise DatabaseUnavailable(problem) from None

    def _problem(self, e: DBAPIError) -> str | None:
        """A one-line explanation for a database that is down or not migrated, else None."""
        message = str(e.orig).lower()
        if "no such table" in message or ("relation" in message and "does not exist" in message):
            return f"the database at {self.url} is not migrated; run: buergerbot db upgrade"
        if isinstance(e, OperationalError) and (
            e.connection_invalidated or "connect" in message or "unable to open" in message
        ):
            return f"cannot reach the database at {self.url}; start it or set DATABASE_URL"
        return None

    def alembic_config(self) -> Config:
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        return config

    def upgrade(self) -> str:
        """Migrate to the newest revision; returns it. Alembic is imported for this only."""
        from alembic import command

        config = self.alembic_config()
        with self._explained(), self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        return self.head()

    def upgrade_if_behind(self) -> None:
        """The cheap check first: most starts find the schema current and import no Alembic."""
        if self.current() != self.head():
            self.upgrade()

    def head(self) -> str:
        """The newest revision, read from the migration files (cheaper than Alembic's loader)."""
        return head_revision(MIGRATIONS / "versions")

    def current(self) -> str | None:
        """The revision in alembic_version; None for a database never migrated."""
        with self._explained(), self.engine.connect() as connection:
            if not self.engine.dialect.has_table(connection, "alembic_version"):
                return None
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()

    def check(self) -> None:
        """Raise DatabaseUnavailable unless the database answers and is at the newest revision."""
        current = self.current()
        if current != self.head():
            raise DatabaseUnavailable(
                f"the database at {self.url} is not migrated"
                f" (at {current or 'nothing'}, need {self.head()}); run: buergerbot db upgrade"
            )

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: str, *, pool_size: int = 10, max_overflow: int = 10) -> Database:
    """The one place an engine is made. A SQLite file's directory is created on first use."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            try:
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                where = parsed.database
                raise DatabaseUnavailable(f"cannot create {where}: {e.strerror}") from None
        engine = create_engine(
            parsed,
            pool_size=pool_size,
            max_overflow=max_overflow,
            connect_args={"timeout": SQLITE_BUSY_MS / 1000, "check_same_thread": False},
            hide_parameters=True,  # an error must not quote a citizen's row into the log
        )
        _sqlite_transactions(engine)
    else:
        engine = create_engine(
            parsed,
            pool_size=pool_size,
            max_overflow=max_overflow,
            pool_pre_ping=True,
            hide_parameters=True,  # an error must not quote a citizen's row into the log
        )
    return Database(engine)


def _sqlite_transactions(engine: Engine) -> None:
    """Let SQLAlchemy, not pysqlite, start transactions, so BEGIN IMMEDIATE and savepoints work."""

    @event.listens_for(engine, "connect")
    def connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin(connection) -> None:
        immediate = connection.get_execution_options().get("begin_immediate")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


_REVISION = re.compile(r"^(down_revision|revision)\b[^=]*=\s*['\"]?([\w]+)", re.M)


def head_revision(versions: Path) -> str:
    """The one revision no other revision names as its parent (the migrations form one line)."""
    revisions, parents = set(), set()
    for path in versions.glob("*.py"):
        for kind, value in _REVISION.findall(path.read_text(encoding="utf-8")):
            if kind == "revision":
                revisions.add(value)
            elif value != "None":
                parents.add(value)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else ""
