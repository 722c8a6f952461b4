"""Structured logs: one JSON object per line, for the server (`buergerbot serve`).

What reaches INFO is chosen so that no personal data is written: the engine reports a turn's
channel, intent, outcome and time (never its text or sender), bookings their outcome (never a
name or contact), and uvicorn's access log is reduced to method, path and status (a client's
address is personal data). Tracebacks are logged at ERROR; the code that logs them never puts
message texts into the log message.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from bot.turn import TurnReport

log = logging.getLogger("buergerbot.turns")

# Attributes every LogRecord has; anything else was passed as `extra` and is a field of its own.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


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
        return json.dumps(entry, ensure_ascii=False, default=str)


class AccessFormatter(JsonFormatter):
    """uvicorn's access record without the client's address."""

    def format(self, record: logging.LogRecord) -> str:
        _client, method, path, _version, status = record.args  # type: ignore[misc]
        record = logging.makeLogRecord(
            {**vars(record), "msg": "request", "args": None, "client_addr": None}
        )
        record.method, record.path, record.status = method, path.split("?")[0], status
        del record.client_addr
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
    """dictConfig for uvicorn and the app: JSON lines on stderr."""
    handler = {"class": "logging.StreamHandler", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
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
