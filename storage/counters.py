"""The `limits` library's storage interface over our database: rate limits and single-use
marks that every worker and every host sees, with no service beyond the database.

With REDIS_URL set, `limits`' own Redis storage takes this one's place; the limiters on top
(`bot.web.limits`) are the same. A counter row is a fixed window: the first hit sets its
expiry, later hits add to it until it expires, then it starts again. Expired rows are swept
now and then by the writes themselves, so the table stays as small as the live windows.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from limits.storage import Storage
from sqlalchemy import bindparam, case, delete, select
from sqlalchemy.exc import SQLAlchemyError

from storage.db import Database
from storage.errors import DatabaseUnavailable
from storage.models import Counter
from storage.upsert import dialect_insert

SWEEP_EVERY = 500  # on average one write in this many also deletes the expired rows


class DatabaseStorage(Storage):
    STORAGE_SCHEME = ["buergerbot+db"]  # never built from a URI: `build_limits` passes the db

    def __init__(
        self,
        db: Database,
        prefix: str = "",
        clock: Callable[[], float] = time.time,
        rand: random.Random | None = None,
    ) -> None:
        super().__init__(wrap_exceptions=True)  # failures reach callers as limits' StorageError
        self.db = db
        self.prefix = prefix
        self.clock = clock
        self.rand = rand or random.Random()
        insert = dialect_insert(db.engine.dialect.name, Counter).values(
            key=bindparam("key"), count=bindparam("amount"), expires_at=bindparam("expires")
        )
        over = Counter.expires_at <= bindparam("now")
        self._incr = insert.on_conflict_do_update(
            index_elements=["key"],
            set_={
                "count": case(
                    (over, insert.excluded.count), else_=Counter.count + insert.excluded.count
                ),
                "expires_at": case((over, insert.excluded.expires_at), else_=Counter.expires_at),
            },
        ).returning(Counter.count)
        self._live = select(Counter.count, Counter.expires_at).where(
            Counter.key == bindparam("key"), Counter.expires_at > bindparam("now")
        )

    @property
    def base_exceptions(self) -> tuple[type[Exception], ...]:
        return SQLAlchemyError, DatabaseUnavailable

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = self.clock()
        with self.db.connection(write=True) as c:
            count = c.scalar(
                self._incr,
                {"key": self.prefix + key, "amount": amount, "expires": now + expiry, "now": now},
            )
            if self.rand.randrange(SWEEP_EVERY) == 0:
                c.execute(delete(Counter).where(Counter.expires_at <= now))
        return int(count)

    def get(self, key: str) -> int:
        row = self._row(key)
        return int(row.count) if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return float(row.expires_at) if row else self.clock()

    def check(self) -> bool:
        try:
            self.db.check()
        except Exception:
            return False
        return True

    def reset(self) -> int | None:
        with self.db.connection(write=True) as c:
            return c.execute(delete(Counter).where(Counter.key.startswith(self.prefix))).rowcount

    def clear(self, key: str) -> None:
        with self.db.connection(write=True) as c:
            c.execute(delete(Counter).where(Counter.key == self.prefix + key))

    def _row(self, key: str):
        with self.db.connection() as c:
            return c.execute(self._live, {"key": self.prefix + key, "now": self.clock()}).first()
