"""Structured logs: one JSON object per line, for the server (`buergerbot serve`).

What reaches INFO is chosen so that no personal data is written: the engine reports a turn's
channel, intent, outcome and time (never its text or sender), bookings their outcome (never a
name or contact), and uvicorn's access log is reduced to method, path and status (a client's
address is personal data). Tracebacks are logged at ERROR; the code that logs them never puts
message texts into the log message.

Choice is not enough for what others write: a database error quotes the row it refused, a
rejected Telegram token is named in the exception, rasa_sdk logs slot values at DEBUG and
uvicorn names each socket's client. So every line our formatter writes is scrubbed, at every
level, and the DEBUG lines of libraries that log message content are dropped (`Quiet`).
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

from bot.turn import TurnReport

log = logging.getLogger("buergerbot.turns")

# Attributes every LogRecord has; anything else was passed as `extra` and is a field of its own.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}

# What may identify a person or open an account, wherever it turns up in a log line.
_REDACTIONS = (
    # a Telegram bot token, also inside the Bot API's URLs (".../bot123456:AAH.../getMe")
    (re.compile(r"(?<![0-9])\d{5,12}:[A-Za-z0-9_-]{30,}"), "<token>"),
    (re.compile(r"[^\s@<>()\[\]{}'\",;:=]+@[^\s@<>()\[\]{}'\",;:=]+"), "<email>"),
    (re.compile(r"\b[A-Z]{2}-[A-Z0-9]{5}\b", re.IGNORECASE), "<code>"),  # appointment code
    (re.compile(r"(?<![\w.:-])(?:\+|00|0)\d[\d /()-]{5,}\d"), "<phone>"),
    # SQLAlchemy's dump of a statement's values, ending at a line end (raw or JSON-escaped)
    (re.compile(r"\[parameters: .*?\](?=\s|$|\\n|\")", re.DOTALL), "[parameters hidden]"),
    (re.compile(r"(DETAIL:\s+Key \([^)]*\)=)\(.*?\)(?= already| is)"), r"\1(<hidden>)"),
    (re.compile(r"(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?|\[[0-9a-f:]+\](?::\d+)?"), "<address>"),
    (re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"), ""),  # control characters: no forged lines
)
# Libraries that put message content into their DEBUG lines (slot values, updates, requests).
CONTENT_LOGGERS = ("rasa_sdk", "telegram", "httpx", "httpcore", "sqlalchemy.engine", "aiosmtpd")


def scrub(text: str) -> str:
    """`text` without tokens, e-mail addresses, phone numbers, appointment codes, client
    addresses, SQL parameters and control characters."""
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class Quiet(logging.Filter):
    """Drops the DEBUG lines of libraries that log message content."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.INFO or not record.name.startswith(CONTENT_LOGGERS)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        entry.update((k, v) for k, v in vars(record).items() if k not in _STANDARD)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return scrub(json.dumps(entry, ensure_ascii=False, default=str))


class AccessFormatter(JsonFormatter):
    """uvicorn's access record without the client's address."""

    def format(self, record: logging.LogRecord) -> str:
        _client, method, path, _version, status = record.args  # type: ignore[misc]
        record = logging.makeLogRecord(
            {**vars(record), "msg": "request", "args": None, "client_addr": None}
        )
        record.method, record.path, record.status = method, str(path).split("?")[0], status
        del record.client_addr  # type: ignore[attr-defined]
        return super().format(record)


def log_turn(report: TurnReport) -> None:
    log.info(
        "turn",
        extra={
            "channel": report.channel,
            "intent": report.intent,
            "outcome": report.outcome,
            "ms": round(report.seconds * 1000, 1),
        },
    )


def uvicorn_config(level: str = "info") -> dict[str, Any]:
    """dictConfig for uvicorn and the app: scrubbed JSON lines on stderr."""
    handler = {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "filters": ["quiet"]}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"quiet": {"()": Quiet}},
        "formatters": {
            "json": {"()": JsonFormatter},
            "access": {"()": AccessFormatter},
        },
        "handlers": {
            "default": {**handler, "formatter": "json"},
            "access": {**handler, "formatter": "access"},
        },
        "root": {"handlers": ["default"], "level": level.upper()},
        "loggers": {
            "uvicorn": {"handlers": ["default"], "level": level.upper(), "propagate": False},
            "uvicorn.error": {"level": level.upper()},
            "uvicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
            "httpx": {"level": "WARNING"},  # its request lines carry the Telegram bot token
        },
    }


def configure_cli_logging(level: str = "warning") -> None:
    """The same scrubbed JSON lines for the other commands (delivery, staff tools)."""
    import logging.config

    config = uvicorn_config(level)
    config["loggers"] = {"httpx": {"level": "WARNING"}}
    logging.config.dictConfig(config)
