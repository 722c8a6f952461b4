"""`buergerbot schedule ...`: the office's hours on the command line."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, time, timedelta

from bot.commands import CommandError, configured_city, parse_date, parse_now
from office import wording
from office.changes import changes
from office.city import City
from office.ics import FEED_YEARS, hours_feed, to_ics
from office.osm import MAX_TAG, current_tags, osm_hours
from office.schedule import Kind
from office.texts import t

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

    export = sub.add_parser("export", help="as OpenStreetMap opening_hours or iCalendar")
    export.add_argument("--format", required=True, choices=("osm", "ics"))
    export.add_argument("--lang", choices=("de", "en"), default="de")
    export.add_argument("--json", action="store_true", help="osm: the tags (or versions) as JSON")
    export.add_argument(
        "--all-versions",
        action="store_true",
        help="osm: every version with its dates, the past included (default: today's tags)",
    )
    export.add_argument("--now", help="ISO time to treat as now (DTSTAMP, holiday range, osm)")
    export.add_argument(
        "--holidays-until",
        type=parse_date_arg,
        help=f"ics: leave out holidays up to this day (default: {FEED_YEARS} years ahead)",
    )
    export.set_defaults(run=export_schedule)

    diff = sub.add_parser("changes", help="what changes from one version of the hours to the next")
    diff.add_argument("--lang", choices=("de", "en"), default="de")
    diff.set_defaults(run=show_changes)


def parse_date_arg(text: str) -> date:
    try:
        return parse_date(text)
    except CommandError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def scheduled_city() -> City:
    """The configured city with the closures staff stored in the console laid over its
    schedule, so the command line says what the bot says. No database yet (a fresh install)
    means none are stored; one that cannot be read is named on stderr."""
    from pathlib import Path

    from sqlalchemy.engine import make_url

    from app.settings import Settings
    from storage.errors import DatabaseUnavailable

    city = configured_city()
    settings = Settings.from_env()
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and not (url.database and Path(url.database).exists()):
        return city
    from storage.closures import ClosureStore
    from storage.db import open_database

    db = open_database(url.render_as_string(hide_password=False), timeouts=settings.db_timeouts)
    try:
        db.check()
        ClosureStore(db, city).refresh()
    except DatabaseUnavailable as e:
        print(f"note: without the closures entered in the console: {e}", file=sys.stderr)
    finally:
        db.dispose()
    return city


def show_week(args: argparse.Namespace) -> int:
    city = scheduled_city()
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
    city = scheduled_city()
    start = datetime.combine(args.start, time(), city.tz)
    end = datetime.combine(args.end + timedelta(days=1), time(), city.tz)
    kind = Kind(args.kind) if args.kind else None
    found = city.schedule.intervals(start, end, kind)
    print(json.dumps([iv.as_json() for iv in found], indent=1))
    return 0


def export_schedule(args: argparse.Namespace) -> int:
    city = scheduled_city()
    if args.format == "ics":
        now = parse_now(args.now, city.tz)
        if args.holidays_until:
            ics = to_ics(city, lang=args.lang, stamp=now, holidays_until=args.holidays_until)
        else:  # the feed served at /hours.ics
            ics = hours_feed(city, args.lang, now)
        sys.stdout.buffer.write(ics)
        return 0
    if not args.all_versions:
        today = parse_now(args.now, city.tz).date()
        tags = current_tags(city.schedule, today, args.lang)
        for key in (k for k, v in tags.items() if len(v) > MAX_TAG):
            print(f"warning: {key} is longer than OSM's {MAX_TAG} characters", file=sys.stderr)
        if args.json:
            print(json.dumps(tags, indent=1, ensure_ascii=False))
        else:
            print("\n".join(f"{k}={v}" for k, v in tags.items()))
        return 0
    hours = osm_hours(city.schedule, args.lang)
    if args.json:
        print(json.dumps([h.as_json() for h in hours], indent=1, ensure_ascii=False))
        return 0
    for h in hours:
        v = h.version
        print(f"# {v.name}: {v.valid_from.isoformat()} – {v.valid_until or '…'}")
        if h.office:
            print(f"opening_hours={h.office}")
        if h.phone:
            print(f"opening_hours:emergency_phone={h.phone}")
    return 0


def show_changes(args: argparse.Namespace) -> int:
    versions = configured_city().schedule.versions
    for old, new in zip(versions, versions[1:], strict=False):
        when = wording.date_name(new.valid_from, args.lang)
        lines = changes(old, new, args.lang)
        if not lines:
            print(t(args.lang, "changes.none", date=when))
            continue
        print(t(args.lang, "changes.heading", date=when))
        print("\n".join(f"- {line}" for line in lines))
    return 0
