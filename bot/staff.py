"""The staff's tools, shared by every channel and the CLI: day list, no-show, cutover, broadcast.

Answers are `Response`s in the staff member's language, so a channel renders them like any
other answer. Confirmations travel as button payloads (`/staff_cutover{...}`) that come back
through `confirm()`; whether the sender may use them is checked again there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Protocol

from bot.turn import Button, Response
from office import payload, senders
from office.booking import Appointment, NoShowMarked, NoShowOutcome, NotActive, normalize_code
from office.city import City
from office.notices import CutoverCounts, CutoverResult
from office.payload import Payload
from office.texts import t
from office.wording import clock, day_name, printable


class StaffBooking(Protocol):
    """The part of storage's BookingService the staff use."""

    def day_list(self, day: date) -> Sequence[Appointment]: ...

    def mark_no_show(self, code: str, actor: str, now: datetime) -> NoShowOutcome: ...


class AuditLog(Protocol):
    def record(self, actor: str, action: str, detail: str | None, now: datetime) -> None: ...


class CutoverTool(Protocol):
    """The cutover machinery (issue 8): counts first, then the one transaction."""

    def preview(self, from_day: date, now: datetime) -> CutoverCounts: ...

    def run(self, from_day: date, actor: str, now: datetime) -> CutoverResult:
        """Cancels and queues one notice per person, once: a second run changes nothing."""
        ...


class StaffMember(Protocol):
    @property
    def name(self) -> str: ...  # read-only: storage's members are frozen

    @property
    def actor(self) -> str:
        """ "staff:NAME", how the audit log names them."""
        ...

    @property
    def is_supervisor(self) -> bool: ...


class LinkedAccounts(Protocol):
    """The console's accounts (storage.staff): a Telegram account linked once by a code."""

    def by_sender(self, sender: str) -> StaffMember | None: ...

    def link_telegram(self, code: str, sender: str, now: datetime) -> StaffMember | None: ...


class BroadcastTool(Protocol):
    def audience_size(self, audience: str) -> int: ...

    def send(self, audience: str, text: str, actor: str, now: datetime) -> int:
        """Queues the notice; returns the number of recipients."""
        ...


LINK_COMMANDS = frozenset({"verknuepfen", "link"})
SUPERVISOR_OPERATIONS = frozenset({"cutover", "broadcast"})
COMMANDS = {  # chat command -> operation; English aliases for English-speaking staff
    "tagesliste": "day_list",
    "daylist": "day_list",
    "noshow": "no_show",
    "umstellung": "cutover",
    "cutover": "cutover",
    "rundschreiben": "broadcast",
    "broadcast": "broadcast",
}
AUDIENCES = {"abonnenten": "subscribers", "betroffene": "affected", "alle": "all"}
AUDIENCES.update({a: a for a in AUDIENCES.values()})
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})?$")
CONFIRMATIONS = ("staff_cutover", "staff_broadcast")
# Kept server-side behind a button id, so a confirmation may be long (a broadcast's whole text).
MAX_CONFIRMATION = 8000


def parse_confirm(text: str) -> Payload | None:
    parsed = payload.read(text, MAX_CONFIRMATION, MAX_CONFIRMATION)
    return parsed if parsed and parsed.intent in CONFIRMATIONS and parsed.entities else None


def parse_day(text: str, today: date) -> date | None:
    """'15.09.2021', '15.9.', '2021-09-15', 'heute', 'morgen' (and English); None if unclear."""
    word = text.strip().lower()
    relative = {"heute": 0, "today": 0, "morgen": 1, "tomorrow": 1, "übermorgen": 2}
    if word in relative:
        return today + timedelta(days=relative[word])
    match = _DOTTED.match(word)
    try:
        if match:
            day, month, year = match.groups()
            y = today.year if year is None else int(year) + (2000 if len(year) == 2 else 0)
            return date(y, int(month), int(day))
        return date.fromisoformat(word)
    except ValueError:
        return None


class StaffService:
    def __init__(
        self,
        city: City,
        staff: frozenset[str],
        booking: StaffBooking,
        audit: AuditLog,
        cutover: CutoverTool | None = None,
        broadcast: BroadcastTool | None = None,
        accounts: LinkedAccounts | None = None,
    ):
        self.city = city
        # Channel-qualified ids from BUERGERBOT_STAFF_IDS ("telegram:123"), kept while staff
        # move to linked accounts; they have every right, as before accounts existed.
        self.staff = staff
        self.booking = booking
        self.audit = audit
        self.cutover_tool = cutover
        self.broadcast_tool = broadcast
        self.accounts = accounts

    def member(self, actor: str) -> StaffMember | None:
        return self.accounts.by_sender(actor) if self.accounts else None

    def is_staff(self, actor: str) -> bool:
        return actor in self.staff or self.member(actor) is not None

    def audit_actor(self, actor: str) -> str:
        """A linked account by its name, like in the console; a listed id as itself."""
        member = self.member(actor)
        return member.actor if member else actor

    def may(self, actor: str, operation: str) -> bool:
        """Cutovers and broadcasts are for supervisors; a listed id may do everything."""
        if operation not in SUPERVISOR_OPERATIONS or actor in self.staff:
            return True
        member = self.member(actor)
        return member is not None and member.is_supervisor

    def link(self, args: str, actor: str, now: datetime, lang: str) -> list[Response] | None:
        """/verknuepfen CODE: the code shown in the console links this Telegram account."""
        if not actor.startswith("telegram:") or self.accounts is None:
            return None
        code = args.strip()
        if not code:
            return [Response(t(lang, "staff.link.usage"))]
        member = self.accounts.link_telegram(code, actor, now)
        if member is None:
            self.audit.record("citizen", "staff_link_refused", "telegram", now)
            return [Response(t(lang, "staff.link.invalid"))]
        return [Response(t(lang, "staff.link.done", name=member.name))]

    def refuse(self, actor: str, command: str, now: datetime) -> None:
        """Audit a staff command from someone without the role (the caller answers as usual).

        The actor is recorded as 'citizen' with the channel: audit rows hold no personal data.
        """
        channel = senders.channel_of(actor)
        self.audit.record("citizen", "staff_refused", f"{channel} /{command}", now)

    def command(
        self, name: str, args: str, actor: str, now: datetime, lang: str
    ) -> list[Response] | None:
        """A chat command; None when `name` is not a staff command or `actor` is not staff."""
        if name in LINK_COMMANDS:
            return self.link(args, actor, now, lang)
        operation = COMMANDS.get(name)
        if operation is None:
            return None
        if not self.is_staff(actor):
            self.refuse(actor, name, now)
            return None
        if not self.may(actor, operation):
            self.audit.record(self.audit_actor(actor), "staff_refused", f"/{name}", now)
            return [Response(t(lang, "staff.supervisor_only"))]
        args = args.strip()
        if operation == "day_list":
            day = parse_day(args, now.date()) if args else now.date()
            if day is None:
                return [Response(t(lang, "staff.date_invalid", text=args))]
            return self.day_list(day, lang)
        if operation == "no_show":
            if not args:
                return [Response(t(lang, "staff.noshow.usage"))]
            return self.no_show(args.split()[0], self.audit_actor(actor), now, lang)
        if operation == "cutover":
            day = parse_day(args, now.date()) if args else self._cutover_day(now)
            if day is None:
                return [Response(t(lang, "staff.date_invalid", text=args))]
            return self.cutover_preview(day, now, lang)
        first, _, rest = args.partition(" ")
        if first.lower() in AUDIENCES:
            return self.broadcast_preview(AUDIENCES[first.lower()], rest.strip(), lang)
        return self.broadcast_preview("subscribers", args, lang)

    def confirm(self, text: str, actor: str, now: datetime, lang: str) -> list[Response] | None:
        """A staff confirmation payload; None when `text` is not one or `actor` is not staff."""
        parsed = parse_confirm(text)
        if parsed is None:
            return None
        intent, values = parsed
        if not self.is_staff(actor):
            self.refuse(actor, intent, now)
            return None
        if not self.may(actor, intent.removeprefix("staff_")):
            self.audit.record(self.audit_actor(actor), "staff_refused", intent, now)
            return [Response(t(lang, "staff.supervisor_only"))]
        actor = self.audit_actor(actor)
        if intent == "staff_cutover":
            day = parse_day(values.get("from", ""), now.date())
            if day is None:
                return [Response(t(lang, "staff.date_invalid", text=values.get("from", "")))]
            return self.run_cutover(day, actor, now, lang)
        audience = AUDIENCES.get(values.get("audience", ""), "subscribers")
        return self.send_broadcast(audience, values.get("text", ""), actor, now, lang)

    def day_list(self, day: date, lang: str) -> list[Response]:
        entries = self.booking.day_list(day)
        name = day_name(day, lang)
        if not entries:
            return [Response(t(lang, "staff.day.empty", day=name))]
        lines = [t(lang, "staff.day.header", day=name, count=len(entries))]
        for e in entries:
            service = self.city.service(e.service_id)
            lines.append(
                t(
                    lang,
                    "staff.day.line",
                    time=clock(e.start.astimezone(self.city.tz)),
                    code=e.code,
                    service=service.name[lang] if service else e.service_id,
                    name=printable(e.name or "") or "–",
                    status=t(lang, f"status.{e.status}"),
                )
            )
        return [Response("\n".join(lines))]

    def no_show(self, text: str, actor: str, now: datetime, lang: str) -> list[Response]:
        code = normalize_code(text, self.city.booking.code_prefix)
        if code is None:
            return [Response(t(lang, "staff.noshow.invalid", text=text))]
        outcome = self.booking.mark_no_show(code, actor, now)
        if isinstance(outcome, NoShowMarked):
            marked = t(lang, "staff.noshow.marked", code=code)
            if outcome.blocked_until:
                until = day_name(outcome.blocked_until.date(), lang)
                marked += " " + t(lang, "staff.noshow.blocked", until=until)
            return [Response(marked)]
        if isinstance(outcome, NotActive):
            key = "not_started" if outcome.appointment.start > now else "not_active"
            return [Response(t(lang, f"staff.noshow.{key}", code=code))]
        return [Response(t(lang, "staff.noshow.not_found", code=code))]

    def cutover_preview(self, day: date, now: datetime, lang: str) -> list[Response]:
        if self.cutover_tool is None:
            return [Response(t(lang, "staff.unavailable"))]
        counts = self.cutover_tool.preview(day, now)
        name = day_name(day, lang)
        if not counts.total:
            return [Response(t(lang, "staff.cutover.none", day=name))]
        lines = [t(lang, "staff.cutover.preview", day=name, total=counts.total)]
        lines += [f"{day_name(d, lang)}: {n}" for d, n in sorted(counts.by_day.items())]
        lines += [f"{channel}: {n}" for channel, n in sorted(counts.by_channel.items())]
        button = Button(
            t(lang, "staff.cutover.confirm", total=counts.total),
            payload.write("staff_cutover", **{"from": day.isoformat()}),
        )
        return [Response("\n".join(lines), buttons=(button,))]

    def run_cutover(self, day: date, actor: str, now: datetime, lang: str) -> list[Response]:
        if self.cutover_tool is None:
            return [Response(t(lang, "staff.unavailable"))]
        result = self.cutover_tool.run(day, actor, now)
        key = "staff.cutover.already" if result.already else "staff.cutover.done"
        return [Response(t(lang, key, count=result.cancelled, day=day_name(day, lang)))]

    def broadcast_preview(self, audience: str, text: str, lang: str) -> list[Response]:
        if self.broadcast_tool is None:
            return [Response(t(lang, "staff.unavailable"))]
        if not text:
            return [Response(t(lang, "staff.broadcast.usage"))]
        count = self.broadcast_tool.audience_size(audience)
        button = Button(
            t(lang, "staff.broadcast.confirm", count=count),
            payload.write("staff_broadcast", audience=audience, text=text),
        )
        preview = t(lang, "staff.broadcast.preview", count=count, text=text)
        return [Response(preview, buttons=(button,))]

    def send_broadcast(
        self, audience: str, text: str, actor: str, now: datetime, lang: str
    ) -> list[Response]:
        if self.broadcast_tool is None:
            return [Response(t(lang, "staff.unavailable"))]
        count = self.broadcast_tool.send(audience, text, actor, now)
        return [Response(t(lang, "staff.broadcast.done", count=count))]

    def _cutover_day(self, now: datetime) -> date:
        return self.city.cutover.date if self.city.cutover else now.date()
