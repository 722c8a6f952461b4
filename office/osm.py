"""The hours as OpenStreetMap `opening_hours` strings, one per version (and per channel).

Semantics that shape the output (opening_hours.js, the reference evaluator):
- a `;` rule replaces every earlier hour on the days it matches, so the hours of a version are
  joined with `,` (additional rules), and each rule restates its date range and weekdays: after
  `,` a rule without a weekday would apply to every day;
- a bare comment means "unknown", so a kind is written as `open "ohne Termin"`;
- the emergency phone window overlaps counter hours (Thursday 08:00 in August 2021), and one
  string has one state at a time, so the phone window gets a string of its own;
- an open-ended date range (`2021 Sep 01+`) is not accepted with a year, so an open-ended version
  is `2021+` with the part of its first year before `valid_from` switched `off`.

What goes on the map is `current_tags`: the version in force, without what lies in the past
(opening_hours.js warns about past dates, and OSM keeps a tag within 255 characters), split into
one tag per kind where the whole would be longer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta

from office.closures import Closures
from office.schedule import Kind, Period, Schedule, Version, weekday_runs
from office.texts import t

MAX_TAG = 255  # OpenStreetMap's limit on a tag value
DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class OsmHours:
    """One version's hours: counter hours (kinds in comments) and the phone window, if any."""

    version: Version
    office: str | None
    phone: str | None

    def as_json(self) -> dict[str, str | None]:
        v = self.version
        return {
            "version": v.name,
            "valid_from": v.valid_from.isoformat(),
            "valid_until": v.valid_until.isoformat() if v.valid_until else None,
            "office": self.office,
            "emergency_phone": self.phone,
        }


def osm_hours(schedule: Schedule, lang: str = "de") -> list[OsmHours]:
    """Every version of the schedule as `opening_hours` strings."""
    return [
        OsmHours(
            v,
            opening_hours(v, [p for p in v.periods if p.kind.at_office], schedule.closures, lang),
            opening_hours(
                v, [p for p in v.periods if not p.kind.at_office], schedule.closures, lang
            ),
        )
        for v in schedule.versions
    ]


def current_tags(schedule: Schedule, today: date, lang: str = "de") -> dict[str, str]:
    """The OSM tags for `today`: `opening_hours` (counter hours) and
    `opening_hours:emergency_phone` of the version in force (or the next one). Past dates are
    left out; a version in force with no end needs no date range at all. Where the counter hours
    are longer than a tag may be, each kind gets a tag of its own (`opening_hours:walk_in`...)."""
    version = next(
        (v for v in schedule.versions if v.valid_until is None or v.valid_until >= today),
        schedule.versions[-1],
    )
    office = [p for p in version.periods if p.kind.at_office]
    phone = [p for p in version.periods if not p.kind.at_office]
    tags = {"opening_hours": opening_hours(version, office, schedule.closures, lang, today)}
    if tags["opening_hours"] and len(tags["opening_hours"]) > MAX_TAG:
        tags = {
            f"opening_hours:{kind.value}": opening_hours(
                version, [p for p in office if p.kind is kind], schedule.closures, lang, today
            )
            for kind in Kind
            if kind.at_office
        }
    tags["opening_hours:emergency_phone"] = opening_hours(
        version, phone, schedule.closures, lang, today
    )
    return {k: v for k, v in tags.items() if v}


def opening_hours(
    version: Version,
    periods: list[Period],
    closures: Closures,
    lang: str,
    today: date | None = None,
) -> str | None:
    """`periods` of `version` as one string: open only within the version's dates, never on a
    public holiday (`PH off`) or on one of the city's extra closure days. With `today`, only
    what still lies ahead: no range for an open-ended version in force, no past closures."""
    if not periods:
        return None
    in_force = today is not None and version.valid_from <= today
    endless = in_force and version.valid_until is None
    dates = "" if endless else f"{_date_range(version)} "
    rules = ", ".join(f"{dates}{rule}" for rule in _week_rules(periods, lang))
    closed = _extra_closures(version, closures, lang, today)
    early = _early_closings(version, periods, closures, lang, today)
    offs = [*([] if in_force else _before_start(version)), *closed, *early, "PH off"]
    return "; ".join([rules, *offs])


def _week_rules(periods: list[Period], lang: str) -> list[str]:
    """'Mo,Th 09:00-11:30,13:00-15:00 open "ohne Termin"': weekdays with the same hours share a
    rule, so every weekday (and weeks-of-month set) appears in one rule per kind."""
    hours: dict[tuple[tuple[int, ...], Kind, int], list[tuple[time, time]]] = {}
    for p in periods:
        for day in p.weekdays:
            hours.setdefault((p.nth, p.kind, day), []).append((p.start, p.end))
    grouped: dict[tuple[tuple[int, ...], Kind, tuple[tuple[time, time], ...]], list[int]] = {}
    for (nth, kind, day), spans in hours.items():
        grouped.setdefault((nth, kind, tuple(sorted(spans))), []).append(day)
    rules = sorted(
        (min(days), nth, spans[0][0], _days(days, nth), _times(spans), kind)
        for (nth, kind, spans), days in grouped.items()
    )
    comment = {kind: t(lang, f"kind.{kind.value}") for kind in Kind}
    return [f'{days} {times} open "{comment[kind]}"' for *_, days, times, kind in rules]


def _days(weekdays: Iterable[int], nth: tuple[int, ...]) -> str:
    """'Mo-Fr', 'Mo,Th', 'Sa[2,4]'."""
    if nth:
        weeks = ",".join(str(n) for n in nth)
        return ",".join(f"{DAYS[d]}[{weeks}]" for d in sorted(weekdays))
    return ",".join(
        f"{DAYS[run[0]]}-{DAYS[run[-1]]}" if len(run) > 2 else ",".join(DAYS[d] for d in run)
        for run in weekday_runs(weekdays)
    )


def _times(spans: Iterable[tuple[time, time]]) -> str:
    return ",".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in spans)


def _date(d: date) -> str:
    return f"{d.year} {MONTHS[d.month - 1]} {d.day:02d}"


def _date_range(version: Version) -> str:
    if version.valid_until is None:
        return f"{version.valid_from.year}+"
    return f"{_date(version.valid_from)}-{_date(version.valid_until)}"


def _before_start(version: Version) -> list[str]:
    """An open-ended version starts with its whole first year: close the days before it."""
    start = version.valid_from
    if version.valid_until is not None or (start.month, start.day) == (1, 1):
        return []
    return [f"{_date(start.replace(month=1, day=1))}-{_date(start - timedelta(days=1))} off"]


def _extra_closures(
    version: Version, closures: Closures, lang: str, today: date | None
) -> list[str]:
    return [
        f'{_date(day)} off "{closures.reason(day, lang)}"'
        for day in sorted(closures.extra)
        if version.covers(day) and (today is None or day >= today)
    ]


def _early_closings(
    version: Version, periods: list[Period], closures: Closures, lang: str, today: date | None
) -> list[str]:
    """A day the counters close early gets a dated rule of its own, which replaces the week's
    counter hours on that day (a `;` rule). The phone window keeps its hours."""
    found = []
    for day in sorted(closures.early):
        todays = sorted(
            (p for p in periods if p.kind.at_office and _on(p, day)), key=lambda p: p.start
        )
        if not todays or not version.covers(day) or (today is not None and day < today):
            continue
        closes = closures.early[day][0]
        kept = [
            f'{p.start:%H:%M}-{min(p.end, closes):%H:%M} open "{t(lang, f"kind.{p.kind.value}")}"'
            for p in todays
            if p.start < closes
        ]
        rule = ", ".join(kept) if kept else f'off "{closures.early_reason(day, lang)}"'
        found.append(f"{_date(day)} {rule}")
    return found


def _on(period: Period, day: date) -> bool:
    """Whether the period falls on `day` (its weekday, and its week of the month if nth)."""
    return any(o.date() == day for o in period.rule(day, day))
