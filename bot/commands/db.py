"""`buergerbot db ...`: migrate and check the database named by DATABASE_URL."""

from __future__ import annotations

import argparse

from app.settings import Settings


def register(groups: argparse._SubParsersAction) -> None:
    db = groups.add_parser("db", help="the database")
    sub = db.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("upgrade", help="migrate to the newest schema").set_defaults(run=upgrade)
    sub.add_parser("check", help="is the database reachable and migrated?").set_defaults(run=check)


def upgrade(args: argparse.Namespace) -> int:
    from storage.db import open_database

    settings = Settings.from_env()
    db = open_database(settings.database_url, timeouts=settings.db_timeouts)
    try:
        print(f"database at {db.url} is at revision {db.upgrade()}")
    finally:
        db.dispose()
    return 0


def check(args: argparse.Namespace) -> int:
    from storage.db import open_database

    settings = Settings.from_env()
    db = open_database(settings.database_url, timeouts=settings.db_timeouts)
    db.check()
    print(f"database at {db.url} is reachable and at revision {db.head()}")
    db.dispose()
    return 0
