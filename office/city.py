"""A city's facts, checked: parsed from the config mapping into immutable domain objects.

Reading the file is the caller's job (I/O stays at the edge); this module turns the mapping
into a `City` or raises `ConfigError` with a message naming the entry and the fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from office.closures import Closures
from office.knowledge import Fact, FeeItem, FeeVersion, Location, Referral, ServiceInfo
from office.schedule import WEEKDAYS, Kind, Period, Schedule, Version

MAX_HOUSEHOLD = 4  # the most persons or services a city may allow in one household appointment

LANGS = ("de", "en")


class ConfigError(ValueError):
    """A config file that cannot be used; the message says where and how to fix it."""


@dataclass(frozen=True)
class Service:
    id: str
    name: dict[str, str]
    minutes: int
    bring: dict[str, tuple[str, ...]]
    info: ServiceInfo = ServiceInfo()


@dataclass(frozen=True)
class NoShowRule:
    count: int = 2
    within_days: int = 180
    block_days: int = 60


@dataclass(frozen=True)
class BookingPolicy:
    slot_minutes: int = 15
    counters: int = 3
    cutoff_minutes: int = 60
    horizon_days: int = 42
    hold_minutes: int = 5
    verify_minutes: int = 15  # a pending booking waits this long for its e-mail code
    max_active_per_person: int = 1
    code_prefix: str = "BB"
    no_show: NoShowRule = NoShowRule()
    reminder_hours: int = 48
    reconfirm_hours: int = 24
    release_unconfirmed: bool = True
    # Holds that cannot flood: persons (or services) in one household appointment; slot-seats
    # one client address (IPv4 address, IPv6 /64) may hold or have pending at once; the share of
    # a day's slot-seats that may be held or pending at once, over all clients.
    max_household: int = MAX_HOUSEHOLD
    seats_per_client: int = 6
    held_share: float = 0.3


@dataclass(frozen=True)
class WaitlistPolicy:
    """The waitlist (office.waitlist): who may wait, for how long a freed seat is held for the
    waiter it is offered to, and how much one person may wait for."""

    enabled: bool = True
    services: tuple[str, ...] | None = None  # None: every service; else only these ids
    hold_minutes_soon: int = 20  # an offer for a slot within `soon_hours`: answer quickly
    hold_minutes: int = 120  # an offer for a slot further away
    soon_hours: int = 48
    min_answer_minutes: int = 5  # a slot too close to hold this long is not offered
    max_entries_per_person: int = 1
    max_range_days: int = 28  # from the first to the last day of one wish
    max_unanswered: int = 2  # offers left to lapse before the wish ends (nobody is answering)

    def on_for(self, service_id: str) -> bool:
        return self.enabled and (self.services is None or service_id in self.services)


@dataclass(frozen=True)
class Retention:
    """How long personal data is kept: the purge applies these and the privacy notice states
    them, both from this one place."""

    appointment_days: int = 30  # name and contact of an appointment, after its day
    form_minutes: int = 30  # what an unfinished booking holds (name, contact, slot)
    conversation_days: int = 30  # a chat's language and state, its buttons, after the last message
    notice_days: int = 30  # sent notices and their addresses
    purge_every_minutes: int = 10  # how often the purge runs inside `buergerbot serve`

    def notice_values(self) -> dict[str, int]:
        """The periods as the privacy texts name them (`{days}`: an appointment's data)."""
        return {
            "days": self.appointment_days,
            "form_minutes": self.form_minutes,
            "conversation_days": self.conversation_days,
            "notice_days": self.notice_days,
        }


@dataclass(frozen=True)
class Cutover:
    date: date
    notice: dict[str, str]
    why: dict[str, str]


@dataclass(frozen=True)
class City:
    name: str
    office: dict[str, str]
    tz: ZoneInfo
    schedule: Schedule
    services: tuple[Service, ...]
    booking: BookingPolicy
    phone: str
    phone_booking: bool
    booking_url: str
    emergency: dict[str, str]
    cutover: Cutover | None
    location: Location = Location()
    referrals: tuple[Referral, ...] = ()
    switchboard: Referral | None = None  # the city's contact for everything else
    retention: Retention = Retention()
    waitlist: WaitlistPolicy = WaitlistPolicy()
    extra: dict[str, Any] = field(default_factory=dict)

    def service(self, service_id: str) -> Service | None:
        return next((s for s in self.services if s.id == service_id), None)

    def referral(self, referral_id: str) -> Referral | None:
        return next((r for r in self.referrals if r.id == referral_id), None)

    def place(self, lang: str) -> str:
        """Where appointments happen: 'Bürgerservice, Nicolaiplatz 30, 14770 Brandenburg …'."""
        office = self.office.get(lang) or self.name
        return ", ".join(p for p in (office, self.location.address) if p)


_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def parse_city(data: Any, source: str) -> City:
    """Build a City from a parsed config mapping; `source` names the file in errors."""
    p = _Parser(source)
    if not isinstance(data, dict):
        raise p.error("the file", "must be a YAML mapping with keys city, timezone, schedule")
    tz_name = p.text(data, "timezone", "timezone")
    try:
        tz = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise p.error(
            "timezone", f"unknown time zone {tz_name!r}; use e.g. Europe/Berlin"
        ) from None
    closures = p.closures(data.get("holidays") or {}, data.get("closures") or [])
    versions = tuple(p.version(i, v) for i, v in enumerate(p.seq(data, "schedule", "schedule")))
    p.check_versions(versions)
    services = tuple(p.service(i, s) for i, s in enumerate(data.get("services") or []))
    booking = p.booking(data.get("booking") or {})
    for s in services:
        if s.minutes % booking.slot_minutes:
            raise p.error(
                f"services[{s.id}].minutes", f"must be a multiple of {booking.slot_minutes}"
            )
    cut = data.get("cutover")
    return City(
        name=p.text(data, "city", "city"),
        office=p.langs(data.get("office") or {}, "office"),
        tz=tz,
        schedule=Schedule(versions, tz, closures),
        services=services,
        booking=booking,
        phone=str(data.get("phone", "")),
        phone_booking=bool(data.get("phone_booking", False)),
        booking_url=str(data.get("booking_url", "")),
        emergency=p.langs(data.get("emergency") or {}, "emergency"),
        cutover=p.cutover(cut) if cut else None,
        location=p.location(data.get("location") or {}),
        referrals=tuple(p.referral(i, r) for i, r in enumerate(data.get("referrals") or [])),
        switchboard=p.referral(0, data["switchboard"], "switchboard")
        if data.get("switchboard")
        else None,
        retention=p.retention(data.get("retention") or {}),
        waitlist=p.waitlist(data.get("waitlist") or {}, {s.id for s in services}),
    )


def _weeks(nth: tuple[int, ...]) -> set[int]:
    """The weeks of the month an nth rule can fall in: the last one is the 4th or the 5th."""
    return set(nth) | ({4, 5} if -1 in nth else set())


class _Parser:
    def __init__(self, source: str):
        self.source = source

    def error(self, where: str, fix: str) -> ConfigError:
        return ConfigError(f"{self.source}: {where}: {fix}")

    def text(self, m: dict, key: str, where: str) -> str:
        value = m.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.error(where, f"needs a text value for {key!r}")
        return value

    def seq(self, m: dict, key: str, where: str) -> list:
        value = m.get(key)
        if not isinstance(value, list) or not value:
            raise self.error(where, f"needs a non-empty list {key!r}")
        return value

    def day(self, value: Any, where: str) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise self.error(where, f"{value!r} is not a date; write YYYY-MM-DD") from None

    def clock(self, value: Any, where: str) -> time:
        if isinstance(value, int) and not isinstance(value, bool):
            # YAML 1.1 reads an unquoted 13:00 as the sexagesimal number 780.
            value = "{}:{:02d}".format(*divmod(value, 60))
        text = str(value)
        match = _HHMM.match(text)
        if not match:
            raise self.error(
                where, f"{text!r} is not a time of day; write 'HH:MM' from 00:00 to 23:59"
            )
        return time(int(match[1]), int(match[2]))

    def langs(self, m: Any, where: str) -> dict[str, str]:
        if not isinstance(m, dict):
            raise self.error(where, "needs a mapping with texts for de and en")
        missing = [lang for lang in LANGS if not isinstance(m.get(lang), str)]
        if m and missing:
            raise self.error(where, f"needs a text for {', '.join(missing)}")
        return {lang: " ".join(str(m[lang]).split()) for lang in LANGS if lang in m}

    def closures(self, hol: Any, extra: Any) -> Closures:
        if not isinstance(hol, dict):
            raise self.error("holidays", "write {country: DE, subdiv: BB}")
        if not isinstance(extra, list):
            raise self.error("closures", "must be a list of {date: YYYY-MM-DD, reason: {de, en}}")
        days = dict(self.closure(i, c) for i, c in enumerate(extra))
        country, subdiv = str(hol.get("country", "DE")), hol.get("subdiv")
        try:
            return Closures(country, str(subdiv) if subdiv else None, days)
        except NotImplementedError:
            raise self.error(
                "holidays",
                f"no public holidays known for country {country!r}, subdiv {subdiv!r}; "
                "use an ISO code such as DE with a state such as BB",
            ) from None

    def closure(self, i: int, c: Any) -> tuple[date, dict[str, str]]:
        where = f"closures[{i}]"
        if not isinstance(c, dict) or not c.get("reason"):
            raise self.error(where, "write {date: YYYY-MM-DD, reason: {de: ..., en: ...}}")
        return self.day(c.get("date"), where), self.langs(c["reason"], where + ".reason")

    def version(self, i: int, v: Any) -> Version:
        where = f"schedule[{i}]"
        if not isinstance(v, dict):
            raise self.error(where, "must be a mapping with name, valid_from and periods")
        name = v.get("name") or where
        where = f"schedule[{i}] ({name})"
        valid_from = self.day(v.get("valid_from"), where + ".valid_from")
        until = v.get("valid_until")
        valid_until = self.day(until, where + ".valid_until") if until is not None else None
        if valid_until and valid_until < valid_from:
            raise self.error(where, "valid_until is before valid_from; swap or correct them")
        periods = tuple(
            self.period(f"{where}.periods[{j}]", p)
            for j, p in enumerate(self.seq(v, "periods", where))
        )
        self.check_overlaps(where, periods)
        return Version(
            str(name), valid_from, valid_until, periods, self.langs(v.get("note") or {}, where)
        )

    def period(self, where: str, p: Any) -> Period:
        if not isinstance(p, dict):
            raise self.error(
                where, "write {days: [mo], start: 'HH:MM', end: 'HH:MM', kind: walk_in}"
            )
        days = p.get("days")
        if not isinstance(days, list) or not days:
            raise self.error(where, "needs days, a list like [mo, tu]")
        weekdays = []
        for d in days:
            if str(d).lower() not in WEEKDAYS:
                raise self.error(where, f"unknown weekday {d!r}; use one of {', '.join(WEEKDAYS)}")
            weekdays.append(WEEKDAYS.index(str(d).lower()))
        start = self.clock(p.get("start"), where + ".start")
        end = self.clock(p.get("end"), where + ".end")
        if end <= start:
            raise self.error(where, f"end {p.get('end')} is not after start {p.get('start')}")
        try:
            kind = Kind(str(p.get("kind")))
        except ValueError:
            kinds = ", ".join(k.value for k in Kind)
            raise self.error(where, f"unknown kind {p.get('kind')!r}; use one of {kinds}") from None
        nth = p.get("nth") or []
        if not isinstance(nth, list) or any(n not in (1, 2, 3, 4, 5, -1) for n in nth):
            raise self.error(where, f"nth {nth!r} must list weeks 1 to 5 (or -1 for the last)")
        return Period(tuple(sorted(set(weekdays))), start, end, kind, tuple(nth))

    def check_overlaps(self, where: str, periods: tuple[Period, ...]) -> None:
        """Office periods must not overlap each other; phone windows must not overlap each other."""
        for a_i, a in enumerate(periods):
            for b in periods[a_i + 1 :]:
                if a.kind.at_office != b.kind.at_office:
                    continue
                same_day = set(a.weekdays) & set(b.weekdays)
                same_week = not a.nth or not b.nth or _weeks(a.nth) & _weeks(b.nth)
                if same_day and same_week and a.start < b.end and b.start < a.end:
                    day = WEEKDAYS[min(same_day)]
                    raise self.error(
                        where,
                        f"periods {a.start:%H:%M}-{a.end:%H:%M} and {b.start:%H:%M}-{b.end:%H:%M} "
                        f"overlap on {day}; shorten one or merge them",
                    )

    def check_versions(self, versions: tuple[Version, ...]) -> None:
        ordered = sorted(versions, key=lambda v: v.valid_from)
        for a, b in zip(ordered, ordered[1:], strict=False):
            if a.valid_until is None or a.valid_until >= b.valid_from:
                raise self.error(
                    f"schedule ({a.name}, {b.name})",
                    f"versions overlap; end {a.name} before {b.valid_from.isoformat()}",
                )

    def service(self, i: int, s: Any) -> Service:
        where = f"services[{i}]"
        if not isinstance(s, dict) or not s.get("id"):
            raise self.error(where, "needs id, name {de, en}, minutes and bring {de, en}")
        minutes = s.get("minutes", 15)
        if not isinstance(minutes, int) or minutes <= 0:
            raise self.error(where + ".minutes", "must be a positive whole number")
        bring = s.get("bring") or {}
        return Service(
            id=str(s["id"]),
            name=self.langs(s.get("name") or {}, where + ".name"),
            minutes=minutes,
            bring={lang: tuple(str(x) for x in bring.get(lang) or ()) for lang in LANGS},
            info=self.service_info(s, f"services[{s['id']}]"),
        )

    def service_info(self, s: dict, where: str) -> ServiceInfo:
        fees = tuple(
            self.fee_version(f"{where}.fees[{j}]", f) for j, f in enumerate(s.get("fees") or [])
        )
        days = [f.valid_from for f in fees]
        if days != sorted(set(days)):
            raise self.error(
                where + ".fees", "versions must be in order of valid_from, one per day"
            )
        special = s.get("special") or {}
        if not isinstance(special, dict):
            raise self.error(where + ".special", "must map a case (children, lost…) to {de, en}")
        return ServiceInfo(
            walk_in=self.flag(s, "walk_in", True, where),
            appointment_needed=self.flag(s, "appointment_needed", False, where),
            processing=self.fact(s["processing"], where + ".processing")
            if s.get("processing")
            else None,
            fees=fees,
            special={str(k): self.fact(v, f"{where}.special.{k}") for k, v in special.items()},
        )

    def flag(self, m: dict, key: str, default: bool, where: str) -> bool:
        value = m.get(key, default)
        if not isinstance(value, bool):
            raise self.error(f"{where}.{key}", "must be true or false")
        return value

    def fact(self, m: Any, where: str) -> Fact:
        """{de, en} texts with optional confirm, source and valid_from."""
        if not isinstance(m, dict):
            raise self.error(where, "needs texts {de: ..., en: ...} (optional confirm, source)")
        until = m.get("valid_from")
        return Fact(
            texts=self.langs({k: m[k] for k in LANGS if k in m} or {"de": None}, where),
            confirm=self.flag(m, "confirm", False, where),
            source=str(m.get("source") or ""),
            valid_from=self.day(until, where + ".valid_from") if until is not None else None,
        )

    def fee_version(self, where: str, f: Any) -> FeeVersion:
        if not isinstance(f, dict) or "valid_from" not in f:
            raise self.error(where, "needs valid_from, source and items [{de, en, euro}]")
        if not f.get("source"):
            raise self.error(where, "needs a source: the ordinance or statute the fee comes from")
        items = f.get("items")
        if not isinstance(items, list):
            raise self.error(where, "needs items, a list of {de, en, euro} (empty: not issued)")
        note = self.langs(f.get("note") or {}, where + ".note")
        if not items and not note:
            raise self.error(where, "without items it needs a note {de, en} saying why")
        return FeeVersion(
            valid_from=self.day(f["valid_from"], where + ".valid_from"),
            items=tuple(self.fee_item(f"{where}.items[{k}]", i) for k, i in enumerate(items)),
            source=str(f["source"]),
            confirm=self.flag(f, "confirm", False, where),
            note=note,
        )

    def fee_item(self, where: str, i: Any) -> FeeItem:
        if not isinstance(i, dict):
            raise self.error(where, "write {de: label, en: label, euro: 37.00}")
        raw = i.get("euro")
        try:
            euro = Decimal(str(raw)) if not isinstance(raw, bool) else None
        except InvalidOperation:
            euro = None
        if euro is None or not euro.is_finite() or euro < 0:
            raise self.error(where + ".euro", f"{raw!r} is not an amount in euros like 37.00")
        label = self.langs({k: i[k] for k in LANGS if k in i} or {"de": None}, where)
        return FeeItem(label, euro.quantize(Decimal("0.01")))

    def location(self, m: Any) -> Location:
        if not isinstance(m, dict):
            raise self.error("location", "needs address, email, directions, accessibility, parking")
        facts = {
            k: self.fact(m[k], f"location.{k}") if m.get(k) else None
            for k in ("directions", "accessibility", "parking")
        }
        email = str(m.get("email") or "")
        if email and "@" not in email:
            raise self.error("location.email", f"{email!r} is not an e-mail address")
        return Location(
            address=" ".join(str(m.get("address") or "").split()),
            email=email,
            confirm=self.flag(m, "confirm", False, "location"),
            source=str(m.get("source") or ""),
            **facts,
        )

    def referral(self, i: int, r: Any, where: str = "") -> Referral:
        where = where or f"referrals[{i}]"
        if not isinstance(r, dict) or not r.get("id"):
            raise self.error(where, "needs id, name {de, en}, topics {de, en} and a phone or web")
        if not (r.get("phone") or r.get("email") or r.get("web")):
            raise self.error(where, "needs a contact: phone, email or web")
        return Referral(
            id=str(r["id"]),
            name=self.langs(r.get("name") or {"de": None}, where + ".name"),
            topics=self.langs(r.get("topics") or {"de": None}, where + ".topics"),
            phone=str(r.get("phone") or ""),
            email=str(r.get("email") or ""),
            web=str(r.get("web") or ""),
            confirm=self.flag(r, "confirm", False, where),
        )

    def retention(self, r: Any) -> Retention:
        if not isinstance(r, dict):
            raise self.error("retention", "must be a mapping of periods")
        known = Retention.__dataclass_fields__
        for name, value in r.items():
            if name not in known:
                raise self.error(
                    f"retention.{name}", f"unknown period; use one of {', '.join(known)}"
                )
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise self.error(f"retention.{name}", "must be a whole number ≥ 1")
        return Retention(**r)

    def waitlist(self, w: Any, service_ids: set[str]) -> WaitlistPolicy:
        if not isinstance(w, dict):
            raise self.error("waitlist", "must be a mapping (enabled, services, hold_minutes…)")
        known = WaitlistPolicy.__dataclass_fields__
        values: dict[str, Any] = {}
        for name, value in w.items():
            where = f"waitlist.{name}"
            if name not in known:
                raise self.error(where, f"unknown setting; use one of {', '.join(known)}")
            if name == "enabled":
                values[name] = self.flag(w, name, True, "waitlist")
            elif name == "services":
                if not isinstance(value, list) or not all(str(v) in service_ids for v in value):
                    raise self.error(where, "must list service ids of `services`")
                values[name] = tuple(str(v) for v in value)
            elif not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise self.error(where, "must be a whole number ≥ 1")
            else:
                values[name] = value
        policy = WaitlistPolicy(**values)
        if policy.min_answer_minutes > min(policy.hold_minutes_soon, policy.hold_minutes):
            raise self.error("waitlist.min_answer_minutes", "must not exceed the hold lengths")
        return policy

    def booking(self, b: dict) -> BookingPolicy:
        if not isinstance(b, dict):
            raise self.error("booking", "must be a mapping")
        defaults = BookingPolicy()
        values: dict[str, Any] = {}
        if "retention_days" in b:
            raise self.error("booking.retention_days", "moved: write retention.appointment_days")
        for name in BookingPolicy.__dataclass_fields__:
            if name == "no_show" or name not in b:
                continue
            expected = type(getattr(defaults, name))
            if expected is float and isinstance(b[name], int) and not isinstance(b[name], bool):
                b = {**b, name: float(b[name])}
            if not isinstance(b[name], expected) or (expected is int and b[name] < 0):
                raise self.error(f"booking.{name}", f"must be a {expected.__name__} ≥ 0")
            values[name] = b[name]
        ns = b.get("no_show") or {}
        if not isinstance(ns, dict) or any(not isinstance(v, int) or v < 1 for v in ns.values()):
            raise self.error(
                "booking.no_show", "needs whole numbers count, within_days, block_days ≥ 1"
            )
        values["no_show"] = NoShowRule(
            **{k: ns[k] for k in ("count", "within_days", "block_days") if k in ns}
        )
        policy = BookingPolicy(**values)
        if policy.slot_minutes <= 0 or policy.counters <= 0:
            raise self.error("booking", "slot_minutes and counters must be at least 1")
        if not 1 <= policy.max_household <= MAX_HOUSEHOLD:
            raise self.error("booking.max_household", f"must be 1 to {MAX_HOUSEHOLD}")
        if not 0 < policy.held_share <= 1:
            raise self.error("booking.held_share", "must be a share above 0 and at most 1")
        return policy

    def cutover(self, c: Any) -> Cutover:
        if not isinstance(c, dict):
            raise self.error("cutover", "needs date, notice {de, en} and why {de, en}")
        return Cutover(
            self.day(c.get("date"), "cutover.date"),
            self.langs(c.get("notice") or {}, "cutover.notice"),
            self.langs(c.get("why") or {}, "cutover.why"),
        )
