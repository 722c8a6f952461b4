"""/healthz's database state never waits for a probe: it answers from the last one (with its
age), starts the next in the background when due, and a probe that overruns its timeout or a
turn that found the database unreachable means down at once."""

from __future__ import annotations

from collections.abc import Callable

from bot.health import DOWN, OK, DatabaseProbe
from storage.errors import DatabaseUnavailable


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Spawned:
    """Probes started but not yet run (a thread that has not been scheduled)."""

    def __init__(self) -> None:
        self.pending: list[Callable[[], None]] = []

    def __call__(self, work: Callable[[], None]) -> None:
        self.pending.append(work)

    def run(self) -> None:
        self.pending.pop(0)()


def probe_of(check: Callable[[], None], tripped: Callable[[], bool] = lambda: False):
    clock, spawned = Clock(), Spawned()
    probe = DatabaseProbe(
        check, tripped=tripped, every_s=1.0, timeout_s=1.0, clock=clock, spawn=spawned
    )
    return probe, clock, spawned


def hanging() -> None:
    raise AssertionError("a health check ran the probe itself")


def test_the_answer_is_the_last_probes_and_the_next_runs_in_the_background():
    probe, clock, spawned = probe_of(lambda: None)
    probe.probe()
    clock.now += 0.5
    assert probe.status().state == OK and spawned.pending == []  # fresh: no new probe
    clock.now += 0.7
    found = probe.status()
    assert found.state == OK and round(found.age_s, 1) == 1.2  # stale, answered at once
    assert len(spawned.pending) == 1
    probe.status()
    assert len(spawned.pending) == 1  # one probe at a time


def test_a_hanging_probe_is_never_waited_for_and_means_down_after_its_timeout():
    probe, clock, spawned = probe_of(lambda: None)
    probe.probe()
    probe.check = hanging  # the database stops answering: the spawned probe never returns
    clock.now += 1.5
    assert probe.status().state == OK  # the last known state while the probe is young
    clock.now += 0.5
    assert probe.status().state == OK
    clock.now += 0.6
    assert probe.status().state == DOWN  # running 1.1 s > its 1 s timeout
    assert len(spawned.pending) == 1


def test_a_failed_probe_means_down_and_the_next_success_up():
    answers = [DatabaseUnavailable("down"), None]

    def check() -> None:
        if (answer := answers.pop(0)) is not None:
            raise answer

    probe, clock, spawned = probe_of(check)
    probe.probe()
    assert probe.status().state == DOWN
    clock.now += 1.0
    assert probe.status().state == DOWN  # due: the next probe starts, not awaited
    spawned.run()
    assert probe.status().state == OK


def test_a_turn_that_found_the_database_unreachable_means_down_before_any_probe():
    tripped = [False]
    probe, clock, spawned = probe_of(lambda: None, tripped=lambda: tripped[0])
    probe.probe()
    tripped[0] = True
    assert probe.status().state == DOWN
    tripped[0] = False
    assert probe.status().state == OK


def test_before_the_first_probe_ends_the_database_is_not_reported_up():
    probe, clock, spawned = probe_of(lambda: None)
    found = probe.status()
    assert (found.state, found.age_s) == (DOWN, None)
    spawned.run()
    assert probe.status().state == OK
