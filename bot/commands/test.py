"""`buergerbot test conversations PATH`: run YAML transcripts through the real engine and
report per folder, file and category; exit 1 when a case fails."""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from bot.commands import CommandError, configured_city


def register(groups: argparse._SubParsersAction) -> None:
    test = groups.add_parser("test", help="run conversation transcripts")
    sub = test.add_subparsers(dest="command", required=True, metavar="COMMAND")
    c = sub.add_parser("conversations", help="run YAML transcripts, report per category")
    c.add_argument("path", type=Path, metavar="PATH", help="a transcript file or a folder")
    c.add_argument("--quiet", action="store_true", help="only the tables, not each failure")
    c.add_argument("--known", action="store_true", help="also show how xfail cases fail")
    c.add_argument("--json", action="store_true", help="print the figures as JSON")
    c.set_defaults(run=conversations)


def conversations(args: argparse.Namespace) -> int:
    from bot.bootstrap import build
    from bot.transcripts import (
        Report,
        TranscriptError,
        files_under,
        load_cases,
        run_case,
        worker_of,
    )
    from nlu import Interpreter

    try:
        files = files_under(args.path)
        cases = {path: load_cases(path) for path in files}
    except TranscriptError as e:
        raise CommandError(str(e)) from None
    city = configured_city()
    interpreter = Interpreter.load_or_train(services=city.services, tz=city.tz)
    outcomes = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, file_cases in enumerate(cases.values()):
            # each file on its own fresh database: the cases of a file share its calendar
            app = build(database_url=f"sqlite:///{tmp}/t{n}.db", interpreter=interpreter)
            worker = worker_of(app.services)
            outcomes += [run_case(app.engine, case, city.tz, worker) for case in file_cases]
            app.db.engine.dispose()
    report = Report(outcomes)
    root = args.path if args.path.is_dir() else args.path.parent
    if args.json:
        figures = {
            "passed": report.total()[0],
            "total": report.total()[1],
            "folders": report.groups(lambda o: str(o.case.file.parent.relative_to(root))),
            "categories": report.groups(lambda o: o.case.category),
            "failed": [o.case.id for o in report.failed],
        }
        print(json.dumps(figures, ensure_ascii=False, indent=1))
    else:
        for line in report.lines(root, verbose=not args.quiet, known=args.known):
            print(line)
    return 1 if report.failed else 0
