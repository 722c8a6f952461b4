"""Runs the conversation corpus through the real engine (NLU, actions, SQLite), one fresh
database per file, with the same runner as `buergerbot test conversations`.

The corpus is written from the citizen's side (bot/transcripts.py describes the format).
Every case outside `heldout/` must pass, except those marked `xfail` with the reason. The
held-out folder is never tuned on: it is run and reported, and must stay above a floor.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.transcripts import Report, files_under, load_cases, run_case, worker_of

HERE = Path(__file__).parent
HELDOUT = HERE / "heldout"
TUNED = [p for p in files_under(HERE) if HELDOUT not in p.parents]
HELDOUT_FLOOR = 0.93  # below the measured 95.9 % (117/122); raised, never lowered


@pytest.mark.parametrize("path", TUNED, ids=[str(p.relative_to(HERE)) for p in TUNED])
def test_transcript(path: Path, app_factory):
    app = app_factory()
    worker = worker_of(app.services)
    outcomes = [run_case(app.engine, case, app.city.tz, worker) for case in load_cases(path)]
    report = Report(outcomes)
    failures = [f"{o.case.id}\n  " + "\n  ".join(o.failures) for o in report.failed]
    assert not failures, "\n".join(failures)


@pytest.mark.skipif(not HELDOUT.is_dir(), reason="no held-out folder")
def test_heldout_rate(tmp_path, interpreter, capsys):
    from bot.bootstrap import build

    outcomes = []
    for n, path in enumerate(files_under(HELDOUT)):
        app = build(database_url=f"sqlite:///{tmp_path}/h{n}.db", interpreter=interpreter)
        outcomes += [run_case(app.engine, case, app.city.tz) for case in load_cases(path)]
    report = Report(outcomes)
    with capsys.disabled():
        print("\nheld-out conversations:\n" + "\n".join(report.lines(HELDOUT, verbose=False)))
    passed, total = report.total()
    assert total and passed / total >= HELDOUT_FLOOR
