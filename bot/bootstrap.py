"""The engine over the services bundle: actions, conversation store, NLU, metrics and logs.

`app.services.build_services` wires storage, config and settings; this adds what only the
channels need, so every channel and command that talks to citizens starts from `build()`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from actions import all_actions
from app.services import Services, build_services
from app.settings import Settings
from bot.engine import DialogueEngine
from bot.logs import log_turn
from bot.metrics import Metrics
from bot.turn import TurnReport
from office.city import City
from storage.booking import BookingService
from storage.db import Database

if TYPE_CHECKING:
    from nlu.interpreter import Interpreter


@dataclass(frozen=True)
class App:
    services: Services
    engine: DialogueEngine
    metrics: Metrics

    @property
    def city(self) -> City:
        return self.services.city

    @property
    def db(self) -> Database:
        return self.services.db

    @property
    def booking(self) -> BookingService:
        return self.services.booking


def build(
    database_url: str | None = None,
    config: Path | None = None,
    interpreter: Interpreter | None = None,
    upgrade: bool = True,
    settings: Settings | None = None,
) -> App:
    """Everything the channels need, counted in `app.metrics`; `database_url` and `config`
    override the settings (default: the environment)."""
    settings = settings or Settings.from_env()
    if database_url:
        settings = replace(settings, database_url=database_url)
    if config:
        settings = replace(settings, config_path=config)
    metrics = Metrics(settings.metrics_dir)
    services = build_services(
        settings, upgrade=upgrade, count_booking=metrics.booking, interpreter=interpreter
    )

    def observe(report: TurnReport) -> None:
        metrics.turn(report)
        log_turn(report)

    engine = DialogueEngine(
        services.interpreter, services.conversations, all_actions(services), observe
    )
    return App(services, engine, metrics)
