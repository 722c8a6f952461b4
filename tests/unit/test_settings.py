"""The settings: every environment variable read in one place, each with its default."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.settings import Settings
from storage.timeouts import Timeouts


def test_an_empty_environment_gives_the_documented_defaults():
    assert Settings.from_env({}) == Settings()
    assert Settings().database_url == "sqlite:///data/buergerbot.db"
    assert Settings().config_path == Path("config/brandenburg-havel.yaml")
    assert Settings().channels == ("email",)  # into the mail drop without SMTP_URL


def test_every_variable_is_read():
    env = {
        "DATABASE_URL": "postgresql+psycopg://bot@db/bot",
        "BUERGERBOT_CONFIG": "config/other.yaml",
        "TELEGRAM_BOT_TOKEN": "123:abc",
        "TELEGRAM_API_URL": "http://127.0.0.1:8081/bot",
        "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/tg",
        "BUERGERBOT_STAFF_IDS": " 7, 8 ,,",
        "SMTP_URL": "smtp://mail:25",
        "BUERGERBOT_MAIL_DROP": "/var/mail/bb",
        "BUERGERBOT_CORS_ORIGINS": "https://www.example.org/, https://b.example.org",
        "BUERGERBOT_ALTCHA_KEY": "k",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "BUERGERBOT_LIMITS_PREFIX": "bb-test",
        "BUERGERBOT_TRUSTED_PROXIES": "10.0.0.2, 172.18.0.0/16",
        "BUERGERBOT_METRICS_TOKEN": "m",
        "BUERGERBOT_ACTION_TOKEN": "a",
        "BUERGERBOT_KEEP_ALIVE_S": "3",
        "BUERGERBOT_REQUEST_TIMEOUT_S": "7",
        "BUERGERBOT_SOCKET_IDLE_S": "60",
        "BUERGERBOT_TELEGRAM_RATE": "5",
        "BUERGERBOT_EMAIL_RATE": "2.5",
        "BUERGERBOT_MAIL_FROM": "amt@example.org",
        "BUERGERBOT_PUBLIC_URL": "https://termine.example.org/",
        "BUERGERBOT_VERIFY_CONTACTS": "off",
        "PROMETHEUS_MULTIPROC_DIR": "/tmp/m",
        "BUERGERBOT_THREADS": "4",
        "BUERGERBOT_DB_CONNECT_TIMEOUT_S": "2",
        "BUERGERBOT_DB_STATEMENT_TIMEOUT_S": "3.5",
        "BUERGERBOT_DB_LOCK_TIMEOUT_S": "1.5",
    }
    s = Settings.from_env(env)
    assert s == Settings(
        database_url="postgresql+psycopg://bot@db/bot",
        config_path=Path("config/other.yaml"),
        telegram_token="123:abc",
        telegram_api_url="http://127.0.0.1:8081/bot",
        telegram_webhook_url="https://bot.example.org/tg",
        staff_ids=frozenset({"7", "8"}),
        smtp_url="smtp://mail:25",
        mail_drop=Path("/var/mail/bb"),
        cors_origins=("https://www.example.org", "https://b.example.org"),
        altcha_key="k",
        redis_url="redis://127.0.0.1:6379/0",
        limits_prefix="bb-test",
        trusted_proxies=("10.0.0.2", "172.18.0.0/16"),
        metrics_token="m",
        action_token="a",
        keep_alive_s=3,
        request_timeout_s=7.0,
        socket_idle_s=60.0,
        telegram_notice_rate=5.0,
        email_notice_rate=2.5,
        mail_from="amt@example.org",
        public_url="https://termine.example.org",
        verify_contacts=False,
        metrics_dir="/tmp/m",
        threads=4,
        db_connect_timeout_s=2.0,
        db_statement_timeout_s=3.5,
        db_lock_timeout_s=1.5,
    )
    assert s.channels == ("telegram", "email")
    assert not s.verify_contacts
    assert s.db_timeouts == Timeouts(connect_s=2.0, statement_s=3.5, lock_s=1.5)


def test_contacts_are_verified_unless_switched_off_and_e_mail_always_goes_somewhere():
    assert Settings().verify_contacts and Settings.from_env({}).verify_contacts
    assert Settings.from_env({"BUERGERBOT_VERIFY_CONTACTS": "on"}).verify_contacts
    assert not Settings.from_env({"BUERGERBOT_VERIFY_CONTACTS": "off"}).verify_contacts
    with pytest.raises(ValueError, match="on or off"):
        Settings.from_env({"BUERGERBOT_VERIFY_CONTACTS": "maybe"})


def test_without_smtp_e_mail_goes_to_the_mail_drop_beside_the_sqlite_file():
    assert Settings().mail_drop_folder == Path("data/mail")
    beside = Settings(database_url="sqlite:////srv/bb/bot.db?timeout=3").mail_drop_folder
    assert beside == Path("/srv/bb/mail")
    assert Settings(database_url="postgresql+psycopg://db/bb").mail_drop_folder == Path("data/mail")
    assert Settings(mail_drop=Path("/m")).mail_drop_folder == Path("/m")
    assert "mail drop /m (a Maildir" in Settings(mail_drop=Path("/m")).mail_route
    route = Settings(smtp_url="smtp://user:secret@mail.example.org:587").mail_route
    assert "mail.example.org" in route and "secret" not in route


def test_empty_values_mean_unset():
    s = Settings.from_env({"TELEGRAM_BOT_TOKEN": "", "SMTP_URL": "", "BUERGERBOT_ALTCHA_KEY": ""})
    assert s.telegram_token is None and s.smtp_url is None and s.altcha_key is None


def test_workers_share_one_altcha_key_and_the_metrics_folder():
    env: dict[str, str] = {}
    shared = Settings().share_with_workers("/tmp/metrics", env)
    assert shared.altcha_key and env["BUERGERBOT_ALTCHA_KEY"] == shared.altcha_key
    assert Settings.from_env(env) == shared  # what a worker process reads back
    kept = Settings(altcha_key="given").share_with_workers(None, env)
    assert kept.altcha_key == "given" and kept.metrics_dir is None


def test_only_the_settings_module_reads_the_environment():
    root = Path(__file__).resolve().parents[2]
    readers = [
        str(path.relative_to(root))
        for package in ("office", "storage", "nlu", "app", "actions", "bot")
        for path in (root / package).rglob("*.py")
        if "os.environ" in path.read_text(encoding="utf-8")
        or "getenv(" in path.read_text(encoding="utf-8")
    ]
    assert readers == ["app/settings.py"]
