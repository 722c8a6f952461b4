"""Prometheus metrics: turns, intents, bookings by outcome, turn latency, outbox depth.

prometheus_client (the reference client, no dependencies of its own) writes the exposition
format and, with several worker processes, adds their values up: each worker writes its
counters to memory-mapped files in PROMETHEUS_MULTIPROC_DIR (`buergerbot serve --workers N`
makes a fresh one), and `/metrics`, whichever worker answers, reads them all. Without that
variable each process counts for itself, which is exact for one worker. The outbox depth is
read from the database at scrape time, so it is the same from every worker.

Only names of intents, outcomes and channels are recorded: never texts, senders or contacts.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from bot.turn import TurnReport
from storage.db import Database
from storage.models import OutboxRow
from storage.outbox import OPEN, OutboxState

log = logging.getLogger(__name__)

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
PENDING = (*OPEN, OutboxState.failed)


class Metrics:
    def __init__(self, multiprocess_dir: str | None = None) -> None:
        """`multiprocess_dir`: the setting PROMETHEUS_MULTIPROC_DIR, which prometheus_client
        also reads itself; with it, `exposition` adds up every worker's files."""
        self.multiprocess_dir = multiprocess_dir
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.turns = Counter(
            "buergerbot_turns", "Turns handled", ["channel", "outcome"], registry=r
        )
        self.intents = Counter("buergerbot_intents", "Turns by intent", ["intent"], registry=r)
        self.latency = Histogram(
            "buergerbot_turn_seconds",
            "Time to answer a turn",
            ["channel"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.bookings = Counter(
            "buergerbot_bookings",
            "Booking operations by outcome (Booked, SlotTaken, LimitReached, ...)",
            ["operation", "outcome"],
            registry=r,
        )

    def turn(self, report: TurnReport) -> None:
        self.turns.labels(report.channel, report.outcome).inc()
        self.intents.labels(report.intent).inc()
        self.latency.labels(report.channel).observe(report.seconds)

    def booking(self, operation: str, outcome: object) -> None:
        self.bookings.labels(operation, type(outcome).__name__).inc()

    def exposition(self, db: Database | None = None) -> bytes:
        """The text format: every worker's counters (multiprocess mode) or this process's."""
        registry = self.registry
        if self.multiprocess_dir:
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
        text = generate_latest(registry)
        if db is not None:
            outbox = CollectorRegistry()
            outbox.register(OutboxDepth(db))
            text += generate_latest(outbox)
        return text


class OutboxDepth(Collector):
    """Notices waiting in the outbox, by state, counted when scraped."""

    def __init__(self, db: Database):
        self.db = db

    def describe(self) -> list:
        return []  # registering must not query the database

    def collect(self) -> Iterator[GaugeMetricFamily]:
        gauge = GaugeMetricFamily(
            "buergerbot_outbox_depth", "Notices not yet delivered, by state", labels=["state"]
        )
        try:
            with self.db.read() as s:
                rows = dict(
                    s.execute(
                        select(OutboxRow.state, func.count())
                        .where(OutboxRow.state.in_(PENDING))
                        .group_by(OutboxRow.state)
                    ).all()
                )
        except Exception:  # a scrape must not fail with the database; the gauge is left out
            log.warning("outbox depth unavailable: the database did not answer")
            return
        for state in PENDING:
            gauge.add_metric([state], rows.get(state, 0))
        yield gauge
