"""The database handle: built by `open_database(url)`, never at import time.

Sync SQLAlchemy with psycopg 3: one driver serves the CLI, the workers and the tests, and every
transaction here is short (a handful of statements), so an async driver would buy nothing but
a second code path. Async channels call the booking service through a thread.

SQLite runs in WAL mode with a busy timeout, and write transactions start with BEGIN IMMEDIATE:
writers queue for the lock up front instead of failing when a read lock cannot be upgraded.
Writers of one process also queue on a lock of their own, which wakes the next one at once
instead of leaving it to SQLite's busy handler, which polls with sleeps of up to 100 ms. The
wait for both together is the lock timeout: a file another process keeps locked costs a writer
that long, then DatabaseUnavailable, never a hang.

Every wait is bounded (`storage.timeouts`): connecting and the pool by the connect timeout, each
PostgreSQL statement by statement_timeout and lock_timeout, and a server that stopped answering
altogether by TCP keepalives, tcp_user_timeout and the watchdog.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session, sessionmaker

from storage.errors import DatabaseUnavailable
from storage.timeouts import GRACE_S, Timeouts, Watchdog

if TYPE_CHECKING:
    from alembic.config import Config

DEFAULT_TIMEOUTS = Timeouts()
MIGRATIONS = Path(__file__).parent / "migrations"


class Database:
    """An engine and its sessions; `read()` for queries, `write()` for one atomic change."""

    def __init__(self, engine: Engine, timeouts: Timeouts = DEFAULT_TIMEOUTS):
        self.engine = engine
        self.timeouts = timeouts
        self.url = engine.url.render_as_string(hide_password=True)
        self.is_sqlite = engine.dialect.name == "sqlite"
        writer = engine.execution_options(begin_immediate=True) if self.is_sqlite else engine
        self._writer = writer
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(writer, expire_on_commit=False)
        self._writer_lock = threading.Lock()  # SQLite only: one writer of this process at once
        where = self.url
        self._cannot_reach = f"cannot reach the database at {where}; start it or set DATABASE_URL"
        self._unreachable = False  # the last call found it so
        self._trying = threading.Lock()  # held by the one call that tries it again
        self.clock = time.monotonic
        self._locked_until = -math.inf  # SQLite: writes only try the lock until then

    @property
    def unreachable(self) -> bool:
        """The last call found the database unreachable (the others then fail at once)."""
        return self._unreachable

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._explained(), self._read() as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        with self._writer_turn(), self._explained(), self._write() as session, session.begin():
            yield session

    @contextmanager
    def connection(self, write: bool = False) -> Iterator[Connection]:
        """A Core connection in one transaction, for the per-message hot path where building an
        ORM session costs more than the statement (a third of the time of a small query)."""
        lock = self._writer_turn() if write else nullcontext()
        with lock, self._explained(), (self._writer if write else self.engine).begin() as c:
            yield c

    @contextmanager
    def _writer_turn(self) -> Iterator[None]:
        """SQLite: this process's writer lock, then the file's, within one lock timeout."""
        if not self.is_sqlite:
            yield
            return
        wait = 0.0 if self._found_locked() else self.timeouts.lock_s
        if not self._writer_lock.acquire(timeout=wait):
            raise DatabaseUnavailable(self._locked())
        try:
            wait = 0.0 if self._found_locked() else wait  # found so while this writer queued
            _deadline.at = time.monotonic() + wait  # the rest is SQLite's busy timeout
            yield
        except DatabaseUnavailable as e:
            if e.args == (self._locked(),):  # another process holds the file's lock
                self._locked_until = self.clock() + self.timeouts.lock_s
            raise
        finally:
            _deadline.at = None
            self._writer_lock.release()

    def _found_locked(self) -> bool:
        """A write that waited out the file's lock lets the writes of the next lock timeout only
        try it, without waiting: a turn waits once, not once per write (the web's rate windows,
        then the conversation), the turns behind it not at all, and the first write after the
        lock is gone goes through."""
        return self.clock() < self._locked_until

    @contextmanager
    def _explained(self) -> Iterator[None]:
        """Database errors explained; and once the database was found unreachable, one caller
        at a time tries it again while the others get DatabaseUnavailable at once, instead of
        each waiting out its own connect timeout in a worker thread. An answer reopens it."""
        trial = self._unreachable and self._trying.acquire(blocking=False)
        if self._unreachable and not trial:
            raise DatabaseUnavailable(self._cannot_reach)
        unreachable = False
        try:
            yield
        except (OperationalError, ProgrammingError) as e:
            problem = self._problem(e)
            if problem is None:
                raise
            unreachable = problem == self._cannot_reach
            raise DatabaseUnavailable(problem) from None
        finally:
            self._unreachable = unreachable
            if trial:
                self._trying.release()

    def _problem(self, e: DBAPIError) -> str | None:
        """A one-line explanation for a database that is down or not migrated, else None."""
        message = str(e.orig).lower()
        if "no such table" in message or ("relation" in message and "does not exist" in message):
            return f"the database at {self.url} is not migrated; run: buergerbot db upgrade"
        if "database is locked" in message or "lock timeout" in message:
            return self._locked()
        if "statement timeout" in message:
            return f"the database at {self.url} did not answer in time"
        if isinstance(e, OperationalError) and (
            e.connection_invalidated or "connect" in message or "unable to open" in message
        ):
            return self._cannot_reach
        return None

    def _locked(self) -> str:
        return f"the database at {self.url} is locked; gave up after {self.timeouts.lock_s} s"

    def alembic_config(self) -> Config:
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        return config

    def upgrade(self) -> str:
        """Migrate to the newest revision; returns it. Alembic is imported for this only."""
        from alembic import command

        config = self.alembic_config()
        unbounded = self.engine.execution_options(unbounded=True)  # a migration may take long
        with self._explained(), unbounded.begin() as connection:
            if not self.is_sqlite:
                connection.exec_driver_sql("SET LOCAL statement_timeout = 0")
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


def open_database(
    url: str,
    *,
    pool_size: int = 10,
    max_overflow: int = 10,
    timeouts: Timeouts = DEFAULT_TIMEOUTS,
) -> Database:
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
            pool_timeout=timeouts.connect_s,
            connect_args={"timeout": timeouts.lock_s, "check_same_thread": False},
            hide_parameters=True,  # an error must not quote a citizen's row into the log
        )
        _sqlite_transactions(engine, timeouts)
    else:
        engine = create_engine(
            parsed,
            pool_size=pool_size,
            max_overflow=max_overflow,
            pool_timeout=timeouts.connect_s,
            pool_pre_ping=True,
            connect_args=_postgres_args(parsed.query.get("options"), timeouts),
            hide_parameters=True,  # an error must not quote a citizen's row into the log
        )
        _watched(engine, Watchdog(timeouts.statement_s + GRACE_S), timeouts.ping_s)
    return Database(engine, timeouts)


def _postgres_args(options: str | tuple[str, ...] | None, timeouts: Timeouts) -> dict[str, object]:
    """libpq's parameters for short waits: the server ends a slow statement or lock wait, the
    kernel a connection whose packets go unanswered (keepalives when idle, tcp_user_timeout
    while data is unacknowledged)."""
    given = " ".join([options] if isinstance(options, str) else options or ())
    ours = (
        f"-c statement_timeout={int(timeouts.statement_s * 1000)}"
        f" -c lock_timeout={int(timeouts.lock_s * 1000)}"
    )
    return {
        "connect_timeout": timeouts.libpq_connect_s,  # the rest of the budget after a ping
        "options": f"{given} {ours}".strip(),
        "keepalives": 1,
        "keepalives_idle": max(1, round(timeouts.connect_s)),
        "keepalives_interval": 1,
        "keepalives_count": 3,
        "tcp_user_timeout": int((timeouts.statement_s + GRACE_S) * 1000),
    }


def _watched(engine: Engine, watchdog: Watchdog, ping_s: float) -> None:
    """Arm the watchdog around every statement, and around the dialect's ping (for less: a
    pooled connection to a dead server is found at once), commit and rollback; disarm when the
    call returns, fails or the connection leaves."""

    def arm(dbapi_connection) -> None:
        watchdog.arm(id(dbapi_connection), dbapi_connection.fileno())

    def disarm(dbapi_connection, *_args) -> None:
        watchdog.disarm(id(dbapi_connection))

    @event.listens_for(engine, "before_cursor_execute")
    def before(conn, cursor, statement, parameters, context, executemany) -> None:
        if not conn.get_execution_options().get("unbounded"):
            arm(conn.connection.dbapi_connection)

    @event.listens_for(engine, "after_cursor_execute")
    def after(conn, cursor, statement, parameters, context, executemany) -> None:
        disarm(conn.connection.dbapi_connection)

    @event.listens_for(engine, "handle_error")
    def failed(context) -> None:
        conn = context.connection
        if conn is not None and not conn.invalidated and not conn.closed:
            disarm(conn.connection.dbapi_connection)

    for name in ("checkin", "close", "close_detached", "invalidate", "soft_invalidate"):
        event.listen(engine, name, disarm)

    dialect = engine.dialect
    for name, seconds in (("do_ping", ping_s), ("do_commit", None), ("do_rollback", None)):
        setattr(dialect, name, _bounded(getattr(dialect, name), watchdog, seconds))


def _bounded(call, watchdog: Watchdog, seconds: float | None):
    def bounded(dbapi_connection):
        watchdog.arm(id(dbapi_connection), dbapi_connection.fileno(), seconds)
        try:
            return call(dbapi_connection)
        finally:
            watchdog.disarm(id(dbapi_connection))

    return bounded


class _Deadline(threading.local):
    at: float | None = None  # when this thread's write must have its lock (time.monotonic)


_deadline = _Deadline()


def _sqlite_transactions(engine: Engine, timeouts: Timeouts) -> None:
    """Let SQLAlchemy, not pysqlite, start transactions, so BEGIN IMMEDIATE and savepoints work;
    a write waits for the file's lock only as long as its lock timeout has left."""
    busy_ms = int(timeouts.lock_s * 1000)

    @event.listens_for(engine, "connect")
    def connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin(connection) -> None:
        immediate = connection.get_execution_options().get("begin_immediate")
        left = busy_ms
        if immediate and _deadline.at is not None:  # in steps of 0.1 s: mostly no change
            left = max(1, math.ceil((_deadline.at - time.monotonic()) * 10) * 100)
        info = connection.connection.info
        if info.get("busy_ms", busy_ms) != left:
            connection.exec_driver_sql(f"PRAGMA busy_timeout={left}")
            info["busy_ms"] = left
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
