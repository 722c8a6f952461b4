"""Every setting, read from the environment, with its local default (the embedded set-up)."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DATABASE_URL = "sqlite:///data/buergerbot.db"
DEFAULT_CONFIG = "config/brandenburg-havel.yaml"
DEFAULT_TELEGRAM_API_URL = "https://api.telegram.org/bot"


def database_url() -> str:
    """SQLite file by default; PostgreSQL in production (postgresql+psycopg://...)."""
    return os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)


def config_path() -> Path:
    return Path(os.environ.get("BUERGERBOT_CONFIG", DEFAULT_CONFIG))


def telegram_token() -> str | None:
    return os.environ.get("TELEGRAM_BOT_TOKEN") or None


def telegram_api_url() -> str:
    """Base URL of the Bot API; a city may run its own Bot API server."""
    return os.environ.get("TELEGRAM_API_URL", DEFAULT_TELEGRAM_API_URL)


def telegram_webhook_url() -> str | None:
    return os.environ.get("TELEGRAM_WEBHOOK_URL") or None


def staff_ids() -> frozenset[str]:
    """Telegram user ids with the staff role, comma-separated."""
    raw = os.environ.get("BUERGERBOT_STAFF_IDS", "")
    return frozenset(x.strip() for x in raw.split(",") if x.strip())


def smtp_url() -> str | None:
    """smtp://user:password@host:port, or None to send no e-mail."""
    return os.environ.get("SMTP_URL") or None


def cors_origins() -> tuple[str, ...]:
    """Origins of the city's pages that embed the widget, comma-separated (same origin always)."""
    raw = os.environ.get("BUERGERBOT_CORS_ORIGINS", "")
    return tuple(x.strip().rstrip("/") for x in raw.split(",") if x.strip())


def altcha_key() -> str | None:
    """HMAC key for the web channel's proof-of-work challenges; all workers must share it."""
    return os.environ.get("BUERGERBOT_ALTCHA_KEY") or None


def redis_url() -> str | None:
    """Redis for the limits every worker and host shares (rate windows, used proofs); without
    it they live in the database."""
    return os.environ.get("REDIS_URL") or None


def limits_prefix() -> str:
    """The prefix of this deployment's keys in Redis (or in the counters table)."""
    return os.environ.get("BUERGERBOT_LIMITS_PREFIX", "buergerbot")


def forwarded_allow_ips() -> str:
    """Proxies whose X-Forwarded-For is trusted for the client address (rate limits per IP)."""
    return os.environ.get("BUERGERBOT_FORWARDED_ALLOW_IPS", "127.0.0.1")


def telegram_notice_rate() -> float:
    """Notices per second to Telegram (its limit is about 30 for a bot); the default leaves
    room for the conversations the same bot carries."""
    return float(os.environ.get("BUERGERBOT_TELEGRAM_RATE", "25"))


def email_notice_rate() -> float:
    """E-mail notices per second over the one SMTP connection."""
    return float(os.environ.get("BUERGERBOT_EMAIL_RATE", "20"))


def mail_from() -> str:
    """The sender address of e-mail notices."""
    return os.environ.get("BUERGERBOT_MAIL_FROM", "buergerservice@localhost")
