"""`buergerbot staff ...`: the office's tools (day list, no-shows, retention, a person's erasure
and export; telling citizens in `outreach`)."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from bot.commands import configured_services, outreach, parse_now
from bot.commands.schedule import parse_date_arg

if TYPE_CHECKING:
    from storage.booking import BookingService
    from storage.erasure import Request


def register(groups: argparse._SubParsersAction) -> None:
    staff = groups.add_parser("staff", help="the office's tools")
    sub = staff.add_subparsers(dest="command", required=True, metavar="COMMAND")

    day = sub.add_parser("day", help="a day's appointments")
    day.add_argument("--date", type=parse_date_arg, help="the day (default: today)")
    day.add_argument("--now", help="ISO time to treat as now")
    day.set_defaults(run=day_list)

    noshow = sub.add_parser("noshow", help="mark an appointment as not attended")
    noshow.add_argument("code")
    noshow.add_argument("--now", help="ISO time to treat as now")
    noshow.set_defaults(run=no_show)

    unblock = sub.add_parser("unblock", help="lift a no-show block of online booking")
    which = unblock.add_mutually_exclusive_group(required=True)
    which.add_argument("--email", help="the person's e-mail address (any spelling of it)")
    which.add_argument("--phone", help="the person's phone number")
    which.add_argument("--sender", help="a chat account, e.g. telegram:4711")
    unblock.add_argument("--now", help="ISO time to treat as now")
    unblock.set_defaults(run=lift_block)

    purge = sub.add_parser("purge", help="remove personal data past the retention period")
    purge.add_argument("--now", help="ISO time to treat as now")
    purge.add_argument(
        "--schedule",
        action="store_true",
        help="keep purging every retention.purge_every_minutes until stopped (one process at a"
        " time purges, however many run)",
    )
    purge.set_defaults(run=purge_old)

    erase = sub.add_parser(
        "erase", help="erase one person's data on request (a dry run unless --yes)"
    )
    _person_arguments(erase)
    erase.add_argument("--yes", action="store_true", help="erase (without it: only show what)")
    erase.set_defaults(run=erase_person)

    export = sub.add_parser("export", help="everything stored about one person, as JSON")
    _person_arguments(export)
    export.set_defaults(run=export_person)

    waitlist = sub.add_parser(
        "waitlist",
        help="offer freed seats to waiting citizens now (the server's worker does it every "
        "minute); with --date and --service, list who waits",
    )
    waitlist.add_argument("--date", type=parse_date_arg, help="list the waiters of this day")
    waitlist.add_argument("--service", help="the service id of the list")
    waitlist.add_argument("--now", help="ISO time to treat as now")
    waitlist.set_defaults(run=run_waitlist)

    outreach.register(sub)

    user = sub.add_parser("user", help="staff accounts of the console")
    users = user.add_subparsers(dest="user_command", required=True, metavar="COMMAND")
    add = users.add_parser(
        "add", help="create an account; the password is asked for (or read from stdin)"
    )
    add.add_argument("name")
    add.add_argument("--role", choices=("clerk", "supervisor"), required=True)
    add.set_defaults(run=add_user)
    users.add_parser("list", help="every account with its role").set_defaults(run=list_users)


def _service() -> BookingService:
    return configured_services().booking


def day_list(args: argparse.Namespace) -> int:
    from office.wording import printable

    service = _service()
    day: date = args.date or parse_now(args.now, service.city.tz).date()
    rows = service.day_list(day)
    print(f"{day.isoformat()}: {len(rows)} appointment(s)")
    for a in rows:
        name, contact = printable(a.name or "-"), printable(a.email or a.phone or "-")
        print(f"{a.start:%H:%M} seat {a.seat} {a.code} {a.status} {a.service_id} {name} {contact}")
    return 0


def no_show(args: argparse.Namespace) -> int:
    from bot.commands import CommandError
    from office.booking import NoShowMarked, NotActive, normalize_code

    service = _service()
    code = normalize_code(args.code, service.policy.code_prefix)
    if code is None:
        raise CommandError(f"{args.code!r} is not an appointment code like BB-7K3QX")
    outcome = service.mark_no_show(code, "staff:cli", parse_now(args.now, service.city.tz))
    if isinstance(outcome, NoShowMarked):
        until = outcome.blocked_until
        print(
            f"{code} marked as no-show"
            + (f"; online booking blocked until {until:%Y-%m-%d}" if until else "")
        )
        return 0
    if isinstance(outcome, NotActive):
        raise CommandError(
            f"{code} is {outcome.appointment.status} or still ahead; nothing changed"
        )
    raise CommandError(f"no appointment {code}")


def lift_block(args: argparse.Namespace) -> int:
    """The no-shows of one verified person (or Telegram account) stop counting."""
    from bot.commands import CommandError
    from office.contacts import Contact, normalize_contact

    service = _service()
    key = args.sender
    if key is None:
        contact = normalize_contact(args.email, args.phone)
        if not isinstance(contact, Contact):
            raise CommandError("not an e-mail address or phone number that can be used")
        key = contact.key
    lifted = service.unblock(key, "staff:cli", parse_now(args.now, service.city.tz))
    print(f"lifted {lifted} no-show(s)" if lifted else "no no-shows recorded; nothing changed")
    return 0


def purge_old(args: argparse.Namespace) -> int:
    if args.schedule:
        return purge_on_schedule()
    service = _service()
    report = service.purge(parse_now(args.now, service.city.tz))
    print(
        f"anonymised {report.appointments_anonymised} appointment(s), deleted "
        f"{report.persons_deleted} person(s) and {report.rows_deleted} other row(s)"
    )
    return 0


def _person_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--email", help="the person's e-mail address (any spelling of it)")
    which.add_argument("--phone", help="the person's phone number")
    which.add_argument("--code", help="one of the person's appointment codes")
    parser.add_argument("--now", help="ISO time to treat as now")


def _request(args: argparse.Namespace) -> Request:
    from storage.erasure import Request

    return Request(email=args.email, phone=args.phone, code=args.code)


def erase_person(args: argparse.Namespace) -> int:
    """A written request (GDPR Art. 17): first what would go, then, with --yes, erased."""
    from bot.commands import CommandError
    from office.wording import printable

    services = configured_services()
    request = _request(args)
    now = parse_now(args.now, services.city.tz)
    _scope, report = services.erasure.dry_run(request, now)
    if not report.total:
        raise CommandError("nobody found for this request; nothing erased")
    if not args.yes:
        found = services.erasure.export(request)
        for p in found.get("persons", []):
            contact = " ".join(printable(x) for x in (p["email"], p["phone"]) if x)
            print(f"person: {printable(p['name'] or '-')} {contact}")
        for a in found.get("appointments", []):
            print(f"appointment: {a['code']} {a['slot_start']} {a['status']} {a['service_id']}")
        print(
            f"would erase: {_counts(report.counts)}; "
            f"{report.cancelled} future appointment(s) would be cancelled"
        )
        print("nothing changed; run again with --yes to erase")
        return 0
    done = services.erasure.erase(request, "staff:cli", now)
    print(f"erased: {_counts(done.counts)}; {done.cancelled} future appointment(s) cancelled")
    return 0


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{table} {n}" for table, n in counts.items()) or "nothing"


def export_person(args: argparse.Namespace) -> int:
    """A request for access (GDPR Art. 15): every row stored about the person."""
    import json

    from bot.commands import CommandError

    services = configured_services()
    found = services.erasure.export(_request(args))
    if not found:
        raise CommandError("nobody found for this request")
    print(json.dumps(found, ensure_ascii=False, indent=2, sort_keys=True))
    return 0


def run_waitlist(args: argparse.Namespace) -> int:
    from office.wording import printable

    services = configured_services()
    now = parse_now(args.now, services.city.tz)
    if args.date or args.service:
        day = args.date or now.date()
        rows = services.waitlist.entries(day, args.service or services.city.services[0].id)
        print(f"{day.isoformat()}: {len(rows)} waiting")
        for r in rows:
            name = printable(r.name or "-")
            print(f"{r.position:>3} {r.since:%Y-%m-%d %H:%M} {r.state} {r.channel} {name}")
        return 0
    events = services.consumers.run(now)
    sweep = services.waitlist.sweep(now)
    print(
        f"{events} event(s) read; {sweep.offered} offer(s) made, {sweep.lapsed} lapsed, "
        f"{sweep.lost} lost their hold, {sweep.ended} wish(es) ended"
    )
    return 0


def purge_on_schedule() -> int:
    """The compose job: the schedule `serve` runs too, in the foreground; SIGTERM or Ctrl-C
    end it after the round under way."""
    import asyncio
    import signal
    from datetime import datetime

    from bot.logs import configure_cli_logging
    from bot.purge import PurgeSchedule

    services = configured_services()
    configure_cli_logging("info")  # a line per round
    tz = services.city.tz
    schedule = PurgeSchedule(services.booking.retention, services.db, lambda: datetime.now(tz))

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await schedule.run(stop)

    asyncio.run(main())
    return 0


def read_password() -> str:
    """From a prompt (asked twice) at a terminal, else the first line of stdin: never from
    argv, where other users of the machine and the shell history would see it."""
    import getpass
    import sys

    from bot.commands import CommandError

    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        raise CommandError("the two passwords differ; nothing was created")
    return first


def add_user(args: argparse.Namespace) -> int:
    from bot.commands import CommandError

    services = configured_services()
    try:
        now = parse_now(None, services.city.tz)
        member = services.accounts.add(args.name, args.role, read_password(), now)
    except ValueError as e:
        raise CommandError(str(e)) from None
    print(f"account {member.name} created ({member.role})")
    return 0


def list_users(args: argparse.Namespace) -> int:
    for member, active in configured_services().accounts.members():
        linked = "telegram linked" if member.telegram_sender else "-"
        print(f"{member.name} {member.role} {'active' if active else 'disabled'} {linked}")
    return 0
