"""The staff's view of a delivery run: a progress bar while it runs, a table at the end."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from storage.outbox import NOT_ARRIVED, OPEN, OutboxState, Report

STATES = (OutboxState.delivered, *NOT_ARRIVED, *OPEN)  # the order of the columns
DONE = frozenset(STATES) - set(OPEN)


class DeliveryProgress:
    """A bar over the rows open at the start; counts by result as they come in."""

    def __init__(self, total: int, console: Console | None = None):
        self.counts: Counter = Counter()
        self.progress = Progress(
            TextColumn("[bold]delivering"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console or Console(stderr=True),
        )
        self.task = self.progress.add_task("deliver", total=total, counts="")

    def __enter__(self) -> DeliveryProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def __call__(self, channel: str, state: str) -> None:
        """The worker's listener."""
        self.counts[state] += 1
        counts = " ".join(f"{s} {self.counts[s]}" for s in STATES if self.counts[s])
        advance = 1 if state in DONE else 0
        self.progress.update(self.task, advance=advance, counts=counts)


def report_table(report: Report, title: str) -> Table:
    table = Table(title=title)
    table.add_column("channel")
    for state in STATES:
        table.add_column(state, justify="right")
    table.add_column("total", justify="right")
    for channel in sorted(report.counts):
        counts = report.counts[channel]
        table.add_row(channel, *(str(counts[s]) for s in STATES), str(sum(counts.values())))
    totals = [str(sum(c[s] for c in report.counts.values())) for s in STATES]
    table.add_row("all", *totals, str(report.total()), style="bold")
    return table


def notes(report: Report, worker_channels: list[str]) -> list[str]:
    """What the numbers leave unsaid: rows in doubt, web notices waiting, phone-only people."""
    lines = []
    if report.in_doubt:
        lines.append(
            f"{report.in_doubt} chat notice(s) in doubt (a worker stopped while sending): "
            "probably delivered, not sent again"
        )
    web = report.counts.get("web", Counter())
    if web[OutboxState.queued]:
        lines.append(f"{web[OutboxState.queued]} web notice(s) wait for the citizen's next visit")
    none = report.counts.get("none", Counter())
    if phone_only := none[OutboxState.undeliverable]:
        lines.append(f"{phone_only} person(s) have no chat and no e-mail: call them")
    idle = [
        ch for ch in ("telegram", "email") if ch not in worker_channels and report.counts.get(ch)
    ]
    for ch in idle:
        if report.counts[ch][OutboxState.queued]:
            waiting = report.counts[ch][OutboxState.queued]
            lines.append(f"{ch}: not configured here, {waiting} row(s) wait")
    return lines
