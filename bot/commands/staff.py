"""`buergerbot staff ...`: the office's tools (day list, no-shows, retention; telling citizens
in `outreach`)."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from bot.commands import configured_services, outreach, parse_now
from bot.commands.schedule import parse_date_arg

if TYPE_CHECKING:
    from storage.booking import BookingService


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

    purge = sub.add_parser("purge", help="remove personal data past the retention period")
    purge.add_argument("--now", help="ISO time to treat as now")
    purge.set_defaults(run=purge_old)

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


def purge_old(args: argparse.Namespace) -> int:
    service = _service()
    report = service.purge(parse_now(args.now, service.city.tz))
    print(
        f"anonymised {report.appointments_anonymised} appointment(s), deleted "
        f"{report.persons_deleted} person(s) and {report.rows_deleted} other row(s)"
    )
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
