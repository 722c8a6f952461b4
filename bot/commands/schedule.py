"""`buergerbot schedule ...`: the office's hours on the command line."""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime, time, timedelta

from bot.commands import CommandError, parse_date, parse_now
from bot.config import load_city
from office import wording
from office.schedule import Kind

MAX_RANGE_DAYS = 5 * 366


def register(groups: argparse._SubParsersAction) -> None:
    schedule = groups.add_parser("schedule", help="opening hours")
    sub = schedule.add_subparsers(dest="command", required=True, metavar="COMMAND")

    show = sub.add_parser("show", help="a week (or one day) in words")
    show.add_argument("--date", type=parse_date_arg, help="a day (default: this week)")
    show.add_argument("--lang", choices=("de", "en"), default="de")
    show.add_argument("--now", help="ISO time to treat as now")
    show.set_defaults(run=show_week)

    iv = sub.add_parser("intervals", help="every interval between two dates as JSON")
    iv.add_argument("--from", dest="start", required=True, type=parse_date_arg)
    iv.add_argument("--to", dest="end", required=True, type=parse_date_arg)
    iv.add_argument("--kind", choices=[k.value for k in Kind])
    iv.add_argument("--json", action="store_true", help="print JSON (the default)")
    iv.set_defaults(run=intervals)


def parse_date_arg(text: str) -> date:
    try:
        return parse_date(text)
    except CommandError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def show_week(args: argparse.Namespace) -> int:
    city = load_city()
    if args.date:
        print(wording.describe_day(city.schedule, args.date, args.lang))
        return 0
    today = parse_now(args.now, city.tz).date()
    print("\n".join(wording.describe_week(city.schedule, today, args.lang)))
    return 0


def intervals(args: argparse.Namespace) -> int:
    if args.start > args.end:
        raise CommandError("--from is after --to; swap them")
    if (args.end - args.start).days > MAX_RANGE_DAYS:
        raise CommandError("the range is longer than 5 years; ask for a shorter one")
    city = load_city()
    start = datetime.combine(args.start, time(), city.tz)
    end = datetime.combine(args.end + timedelta(days=1), time(), city.tz)
    kind = Kind(args.kind) if args.kind else None
    found = city.schedule.intervals(start, end, kind)
    print(json.dumps([iv.as_json() for iv in found], indent=1))
    return 0
