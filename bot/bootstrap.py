"""The one place where Bürgerbot is wired: config, database, booking, NLU, actions, engine."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from actions import all_actions
from actions.context import Context
from bot import settings
from bot.config import load_city
from bot.engine import DialogueEngine, Interpreter
from bot.logs import log_turn
from bot.metrics import MeteredBooking, Metrics
from bot.turn import TurnReport
from office.city import City
from storage.booking import BookingService
from storage.conversations import ConversationStore
from storage.db import Database, open_database


@dataclass(frozen=True)
class App:
    city: City
    db: Database
    booking: BookingService
    context: Context
    engine: DialogueEngine
    metrics: Metrics | None = None


def build_context(
    database_url: str | None = None,
    config: Path | None = None,
    upgrade: bool = True,
    metrics: Metrics | None = None,
) -> tuple[Database, Context]:
    """What the actions need; `upgrade` migrates the database to the newest schema."""
    city = load_city(config)
    db = open_database(database_url or settings.database_url())
    if upgrade:
        db.upgrade()
    else:
        db.check()
    booking = MeteredBooking(db, city, metrics) if metrics else BookingService(db, city)
    return db, Context(city, booking)


def build(
    database_url: str | None = None,
    config: Path | None = None,
    interpreter: Interpreter | None = None,
    upgrade: bool = True,
) -> App:
    """Everything the channels need, counted in `app.metrics`."""
    metrics = Metrics()
    db, context = build_context(database_url, config, upgrade, metrics)
    if interpreter is None:
        from nlu import default_interpreter

        interpreter = default_interpreter()

    def observe(report: TurnReport) -> None:
        metrics.turn(report)
        log_turn(report)

    engine = DialogueEngine(interpreter, ConversationStore(db), all_actions(context), observe)
    return App(context.city, db, context.booking, context, engine, metrics)
