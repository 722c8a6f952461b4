"""`buergerbot staff cutover|deliver|report|broadcast|reminders`: telling citizens.

Output is for the office's staff (English, like the other staff commands); what citizens read
lives in office/texts.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from bot.commands import CommandError, parse_now
from bot.commands.db import open_checked
from bot.commands.schedule import parse_date_arg
from bot.config import load_city


def register(sub: argparse._SubParsersAction) -> None:
    cutover = sub.add_parser(
        "cutover", help="cancel every active appointment from a date and notify each person once"
    )
    cutover.add_argument("--from", dest="from_day", required=True, type=parse_date_arg,
                         metavar="DATE", help="first day to cancel (YYYY-MM-DD)")  # fmt: skip
    cutover.add_argument("--dry-run", action="store_true", help="only count, change nothing")
    cutover.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    cutover.add_argument("--now", help="ISO time to treat as now")
    cutover.set_defaults(run=run_cutover)


def run_cutover(args: argparse.Namespace) -> int:
    from storage.cutover import CutoverService

    city = load_city()
    service = CutoverService(open_checked(), city)
    now = parse_now(args.now, city.tz)
    day: date = args.from_day
    counts = service.preview(day, now)
    done = {r.from_day: r for r in service.runs()}.get(day)
    if done is not None:
        print(
            f"cutover from {day} was run on {done.run_at.astimezone(city.tz):%Y-%m-%d %H:%M} "
            f"by {done.actor}: {done.cancelled} cancelled, {done.notices} notices; "
            "nothing changes (see: buergerbot staff report cutover)"
        )
        return 0
    print(f"cutover from {day}: {counts.total} active appointment(s) to cancel")
    for d, n in sorted(counts.by_day.items()):
        print(f"  {d:%a %Y-%m-%d}  {n:6d}")
    print(f"notices by channel ({sum(counts.by_channel.values())} person(s)):")
    for channel, n in sorted(counts.by_channel.items()):
        print(f"  {channel:<10} {n:6d}")
    if args.dry_run:
        print("dry run: nothing changed")
        return 0
    if not args.yes:
        if not sys.stdin.isatty():
            raise CommandError("not confirmed; add --yes to run without asking")
        answer = input(f"Cancel {counts.total} appointment(s) now? Type 'yes': ")
        if answer.strip().lower() != "yes":
            print("nothing changed")
            return 1
    result = service.run(day, "staff:cli", now)
    if result.already:
        print(f"cutover from {day} was run meanwhile; nothing changed")
        return 0
    print(
        f"cancelled {result.cancelled} appointment(s) and queued {result.notices} notice(s) in one "
        "transaction; deliver them with: buergerbot staff deliver"
    )
    return 0
