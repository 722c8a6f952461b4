"""`buergerbot staff cutover|deliver|report|broadcast|reminders`: telling citizens.

Output is for the office's staff (English, like the other staff commands); what citizens read
lives in office/texts.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from bot.commands import CommandError, configured_services, parse_now
from bot.commands.schedule import parse_date_arg


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

    deliver = sub.add_parser("deliver", help="send the queued notices (Telegram, e-mail)")
    deliver.add_argument("--rate", type=float, help="Telegram messages per second")
    deliver.add_argument("--follow", action="store_true", help="keep running, like the server")
    deliver.add_argument("--lease-seconds", type=float, default=15.0,
                         help="a dead worker's lease runs out after this")  # fmt: skip
    deliver.set_defaults(run=run_deliver)

    broadcast = sub.add_parser("broadcast", help="queue office news for an audience")
    broadcast.add_argument("--audience", required=True,
                           choices=["subscribers", "affected", "all"])  # fmt: skip
    broadcast.add_argument("--text-file", required=True, help="the message (UTF-8 text)")
    broadcast.add_argument("--text-file-en", help="the English version, for English speakers")
    broadcast.add_argument("--dry-run", action="store_true", help="only count the recipients")
    broadcast.add_argument("--now", help="ISO time to treat as now")
    broadcast.set_defaults(run=run_broadcast)

    reminders = sub.add_parser(
        "reminders", help="remind appointments 48 h ahead, release unconfirmed ones 24 h ahead"
    )
    reminders.add_argument("--now", help="ISO time to treat as now")
    reminders.set_defaults(run=run_reminders)

    report = sub.add_parser("report", help="what was delivered")
    report.add_argument("what", choices=["cutover", "all"])
    report.add_argument("--from", dest="from_day", type=parse_date_arg, metavar="DATE",
                        help="the cutover's date (default: every cutover)")  # fmt: skip
    report.add_argument("--list", action="store_true", help="list the notices that did not arrive")
    report.set_defaults(run=run_report)


def run_cutover(args: argparse.Namespace) -> int:
    services = configured_services()
    city, service = services.city, services.cutover
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


def run_deliver(args: argparse.Namespace) -> int:
    """Drain the outbox (or, with --follow, keep sending) with a progress bar; SIGTERM or
    Ctrl-C stop it gracefully: sends in flight finish and are recorded."""
    import asyncio
    import signal

    from rich.console import Console

    from bot.delivery.progress import DeliveryProgress, notes, report_table
    from bot.delivery.service import run_worker

    if args.rate is not None and args.rate <= 0:
        raise CommandError("--rate must be positive")
    services = configured_services()
    outbox = services.outbox
    channels = list(services.settings.channels)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        with DeliveryProgress(outbox.open_count(channels)) as progress:
            await run_worker(services, stop=stop, drain=not args.follow, telegram_rate=args.rate,
                             listener=progress, lease_ttl=args.lease_seconds)  # fmt: skip

    asyncio.run(main())
    console = Console(soft_wrap=True)
    report = outbox.report()
    console.print(report_table(report, "outbox"))
    for line in notes(report, channels):
        console.print(line)
    return 0


def run_report(args: argparse.Namespace) -> int:
    from rich.console import Console

    from bot.delivery.progress import notes, report_table

    services = configured_services()
    city, outbox = services.city, services.outbox
    console = Console(soft_wrap=True)
    if args.what == "all":
        report = outbox.report()
        console.print(report_table(report, "every notice"))
        for line in notes(report, ["telegram", "email"]):
            console.print(line)
        return 0
    service = services.cutover
    runs = [r for r in service.runs() if args.from_day in (None, r.from_day)]
    if not runs:
        print("no cutover has been run" + (f" from {args.from_day}" if args.from_day else ""))
        return 1
    for run in runs:
        when = run.run_at.astimezone(city.tz)
        console.print(
            f"cutover from {run.from_day}: run {when:%Y-%m-%d %H:%M} by {run.actor}, "
            f"{run.cancelled} appointment(s) cancelled, {run.notices} notice(s)"
        )
        report = service.report(run.from_day)
        console.print(report_table(report, f"notices of the cutover from {run.from_day}"))
        for line in notes(report, ["telegram", "email"]):
            console.print(line)
        if args.list:
            for channel, address, state, error in outbox.problems(service.campaign(run.from_day)):
                console.print(f"{state:<13} {channel:<8} {address:<30} {error or ''}")
    return 0


def run_broadcast(args: argparse.Namespace) -> int:
    text = _read_text(args.text_file)
    text_en = _read_text(args.text_file_en) if args.text_file_en else None
    services = configured_services()
    city, service = services.city, services.broadcast
    counts = service.by_channel(args.audience)
    print(f"{args.audience}: {sum(counts.values())} recipient(s)")
    for channel, n in sorted(counts.items()):
        print(f"  {channel:<10} {n:6d}")
    if args.dry_run:
        print("dry run: nothing queued")
        return 0
    queued = service.send(args.audience, text, "staff:cli", parse_now(args.now, city.tz), text_en)
    if not queued:
        print("this broadcast was queued before; nothing new")
        return 0
    print(f"queued {queued} notice(s); deliver them with: buergerbot staff deliver")
    return 0


def _read_text(path: str) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8").strip()
    except OSError as e:
        raise CommandError(f"cannot read {path}: {e.strerror}") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not UTF-8 text") from None
    if not text:
        raise CommandError(f"{path} is empty")
    if len(text) > 3500:
        raise CommandError(f"{path} is too long for one chat message (at most 3,500 characters)")
    return text


def run_reminders(args: argparse.Namespace) -> int:
    """One sweep (the server runs one every minute); cron-able where no server runs."""
    services = configured_services()
    city = services.city
    sweep = services.reminders.sweep(parse_now(args.now, city.tz))
    print(f"queued {sweep.reminded} reminder(s); released {sweep.released} unconfirmed one(s)")
    return 0
