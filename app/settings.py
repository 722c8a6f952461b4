"""Every setting, with its local default (the embedded set-up): the one reader of the environment.

`Settings.from_env()` is called once, by whoever starts the process (the CLI, the web server's
worker, the standalone action server); everything else receives the `Settings` object or the
parts built from it, so a test passes `Settings(...)` instead of patching the environment.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from storage.timeouts import Timeouts

DEFAULT_DATABASE_URL = "sqlite:///data/buergerbot.db"
DEFAULT_CONFIG = "config/brandenburg-havel.yaml"
DEFAULT_TELEGRAM_API_URL = "https://api.telegram.org/bot"


@dataclass(frozen=True)
class Settings:
    # DATABASE_URL: SQLite file by default; PostgreSQL in production (postgresql+psycopg://...).
    database_url: str = DEFAULT_DATABASE_URL
    # BUERGERBOT_CONFIG: the city's config file.
    config_path: Path = Path(DEFAULT_CONFIG)
    # TELEGRAM_BOT_TOKEN: no Telegram channel (and no Telegram notices) without it.
    telegram_token: str | None = None
    # TELEGRAM_API_URL: base URL of the Bot API; a city may run its own Bot API server.
    telegram_api_url: str = DEFAULT_TELEGRAM_API_URL
    # TELEGRAM_WEBHOOK_URL: webhook mode (needed with several workers); polling without it.
    telegram_webhook_url: str | None = None
    # BUERGERBOT_STAFF_IDS: Telegram user ids with the staff role, comma-separated.
    staff_ids: frozenset[str] = frozenset()
    # SMTP_URL: smtp://user:password@host:port, how e-mail leaves in production; without it,
    # e-mail goes to the local mail drop (`mail_drop`), never nowhere.
    smtp_url: str | None = None
    # BUERGERBOT_MAIL_DROP: the Maildir folder e-mail is written to while SMTP_URL is unset (the
    # embedded set-up: codes and links still reach whoever runs it). Unset: `mail` beside the
    # SQLite file, or data/mail.
    mail_drop: Path | None = None
    # BUERGERBOT_CORS_ORIGINS: origins of the city's pages that embed the widget, comma-separated
    # (the same origin is always allowed).
    cors_origins: tuple[str, ...] = ()
    # BUERGERBOT_ALTCHA_KEY: HMAC key of the web channel's proof-of-work challenges; every worker
    # must share it (`buergerbot serve` makes one for its workers when it is unset).
    altcha_key: str | None = None
    # REDIS_URL: Redis for the limits every worker and host shares (rate windows, used proofs);
    # without it they live in the database.
    redis_url: str | None = None
    # BUERGERBOT_LIMITS_PREFIX: the prefix of this deployment's keys in Redis (or in the
    # counters table).
    limits_prefix: str = "buergerbot"
    # BUERGERBOT_TRUSTED_PROXIES: addresses or networks (comma-separated) of the reverse proxies
    # whose X-Forwarded-For names the client; none by default, so no client can pick the address
    # its limits are counted under.
    trusted_proxies: tuple[str, ...] = ()
    # BUERGERBOT_METRICS_TOKEN: bearer token for /metrics; without it /metrics answers only
    # clients on this host's loopback.
    metrics_token: str | None = None
    # BUERGERBOT_ACTION_TOKEN: the shared secret a Rasa server sends to the action server
    # (`Authorization: Bearer ...`); the action server does not start without it.
    action_token: str | None = None
    # BUERGERBOT_KEEP_ALIVE_S: an idle HTTP connection is closed after this many seconds.
    keep_alive_s: int = 5
    # BUERGERBOT_REQUEST_TIMEOUT_S: a request's head, and then its body, must arrive within this.
    request_timeout_s: float = 10.0
    # BUERGERBOT_SOCKET_IDLE_S: a widget socket with no message for this long is closed.
    socket_idle_s: float = 900.0
    # BUERGERBOT_TELEGRAM_RATE: notices per second to Telegram (its limit is about 30 for a bot);
    # the default leaves room for the conversations the same bot carries.
    telegram_notice_rate: float = 25.0
    # BUERGERBOT_EMAIL_RATE: e-mail notices per second over the one SMTP connection.
    email_notice_rate: float = 20.0
    # BUERGERBOT_MAIL_FROM: the sender address of e-mail notices.
    mail_from: str = "buergerservice@localhost"
    # BUERGERBOT_PUBLIC_URL: where citizens reach this server; the links in e-mails start here.
    public_url: str = "http://127.0.0.1:8080"
    # BUERGERBOT_VERIFY_CONTACTS: on (the default) keeps a web booking pending until the
    # citizen proves their e-mail address by a code or link; "off" books at once (the server
    # says so at start), which lets one script hoard every seat.
    verify_contacts: bool = True
    # PROMETHEUS_MULTIPROC_DIR: where worker processes write their metrics (several workers).
    metrics_dir: str | None = field(default=None)
    # BUERGERBOT_CLOSURES_REFRESH_S: how often each server process looks for the closures
    # another process stored (the staff console's closure days and early closings).
    closures_refresh_s: float = 15.0
    # BUERGERBOT_THREADS: worker threads for the blocking part of turns and jobs (database, NLU)
    # in one server process; keep it below the database pool's 20 connections.
    threads: int = 16
    # BUERGERBOT_DB_CONNECT_TIMEOUT_S: how long opening a database connection (or waiting for a
    # free one in the pool) may take before the turn becomes an apology.
    db_connect_timeout_s: float = 5.0
    # BUERGERBOT_DB_STATEMENT_TIMEOUT_S: how long one statement may run (PostgreSQL's
    # statement_timeout; a statement the database does not answer at all is cut off 1 s later).
    db_statement_timeout_s: float = 5.0
    # BUERGERBOT_DB_LOCK_TIMEOUT_S: how long a write may wait for a lock (PostgreSQL's
    # lock_timeout; SQLite's busy timeout, which another process's write transaction runs into).
    db_lock_timeout_s: float = 5.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """The settings named by the environment (`env`, default os.environ)."""
        env = os.environ if env is None else env
        d = cls()
        return cls(
            database_url=env.get("DATABASE_URL", d.database_url),
            config_path=Path(env.get("BUERGERBOT_CONFIG", str(d.config_path))),
            telegram_token=env.get("TELEGRAM_BOT_TOKEN") or None,
            telegram_api_url=env.get("TELEGRAM_API_URL", d.telegram_api_url),
            telegram_webhook_url=env.get("TELEGRAM_WEBHOOK_URL") or None,
            staff_ids=frozenset(_listed(env.get("BUERGERBOT_STAFF_IDS", ""))),
            smtp_url=env.get("SMTP_URL") or None,
            mail_drop=Path(drop) if (drop := env.get("BUERGERBOT_MAIL_DROP")) else None,
            cors_origins=tuple(
                o.rstrip("/") for o in _listed(env.get("BUERGERBOT_CORS_ORIGINS", ""))
            ),
            altcha_key=env.get("BUERGERBOT_ALTCHA_KEY") or None,
            redis_url=env.get("REDIS_URL") or None,
            limits_prefix=env.get("BUERGERBOT_LIMITS_PREFIX", d.limits_prefix),
            trusted_proxies=tuple(_listed(env.get("BUERGERBOT_TRUSTED_PROXIES", ""))),
            metrics_token=env.get("BUERGERBOT_METRICS_TOKEN") or None,
            action_token=env.get("BUERGERBOT_ACTION_TOKEN") or None,
            keep_alive_s=int(env.get("BUERGERBOT_KEEP_ALIVE_S", str(d.keep_alive_s))),
            request_timeout_s=float(
                env.get("BUERGERBOT_REQUEST_TIMEOUT_S", str(d.request_timeout_s))
            ),
            socket_idle_s=float(env.get("BUERGERBOT_SOCKET_IDLE_S", str(d.socket_idle_s))),
            telegram_notice_rate=float(
                env.get("BUERGERBOT_TELEGRAM_RATE", str(d.telegram_notice_rate))
            ),
            email_notice_rate=float(env.get("BUERGERBOT_EMAIL_RATE", str(d.email_notice_rate))),
            mail_from=env.get("BUERGERBOT_MAIL_FROM", d.mail_from),
            public_url=env.get("BUERGERBOT_PUBLIC_URL", d.public_url).rstrip("/"),
            verify_contacts=_switch(env.get("BUERGERBOT_VERIFY_CONTACTS", "on")),
            metrics_dir=env.get("PROMETHEUS_MULTIPROC_DIR") or None,
            closures_refresh_s=float(
                env.get("BUERGERBOT_CLOSURES_REFRESH_S", str(d.closures_refresh_s))
            ),
            threads=int(env.get("BUERGERBOT_THREADS", str(d.threads))),
            db_connect_timeout_s=float(
                env.get("BUERGERBOT_DB_CONNECT_TIMEOUT_S", str(d.db_connect_timeout_s))
            ),
            db_statement_timeout_s=float(
                env.get("BUERGERBOT_DB_STATEMENT_TIMEOUT_S", str(d.db_statement_timeout_s))
            ),
            db_lock_timeout_s=float(
                env.get("BUERGERBOT_DB_LOCK_TIMEOUT_S", str(d.db_lock_timeout_s))
            ),
        )

    @property
    def db_timeouts(self) -> Timeouts:
        return Timeouts(
            self.db_connect_timeout_s, self.db_statement_timeout_s, self.db_lock_timeout_s
        )

    @property
    def mail_drop_folder(self) -> Path:
        """Where e-mail goes without SMTP_URL (see `mail_drop`)."""
        if self.mail_drop is not None:
            return self.mail_drop
        scheme, _, rest = self.database_url.partition(":///")
        file = rest.partition("?")[0]
        if scheme.startswith("sqlite") and file not in ("", ":memory:"):
            return Path(file).parent / "mail"
        return Path("data/mail")

    @property
    def mail_route(self) -> str:
        """Where e-mail goes, for the start log (no credentials)."""
        if self.smtp_url:
            return f"e-mail goes out through SMTP to {urlsplit(self.smtp_url).hostname}"
        folder = self.mail_drop_folder.resolve()
        return f"e-mail goes to the local mail drop {folder} (a Maildir; SMTP_URL sends it out)"

    @property
    def channels(self) -> tuple[str, ...]:
        """The channels notices can be delivered through (e-mail always: SMTP or the drop)."""
        return ("telegram", "email") if self.telegram_token else ("email",)

    def share_with_workers(
        self, metrics_dir: str | None, env: MutableMapping[str, str] | None = None
    ) -> Settings:
        """These settings with an ALTCHA key (made up when unset) and the metrics folder, also
        written to the environment that uvicorn's worker processes inherit and read again."""
        env = os.environ if env is None else env
        shared = replace(self, altcha_key=self.altcha_key or secrets.token_hex(32))
        env["BUERGERBOT_ALTCHA_KEY"] = shared.altcha_key or ""
        if metrics_dir:
            shared = replace(shared, metrics_dir=metrics_dir)
            env["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
        return shared


def _switch(raw: str) -> bool:
    value = raw.strip().lower() or "on"
    if value in ("on", "true", "1", "yes"):
        return True
    if value in ("off", "false", "0", "no"):
        return False
    raise ValueError(f"BUERGERBOT_VERIFY_CONTACTS must be on or off, not {raw!r}")


def _listed(raw: str) -> list[str]:
    return [x.strip() for x in raw.split(",") if x.strip()]
