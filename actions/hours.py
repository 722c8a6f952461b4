"""Opening hours: the week, one day, walk-in windows, and whether the office is open now."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from actions.context import BaseAction, Say, entity
from actions.sdk import Tracker
from office import wording
from office.schedule import Interval, Kind, Schedule

# The NLU's part_of_day values as [from, to) on the clock.
PARTS_OF_DAY = {
    "morning": (time(0), time(12)),
    "noon": (time(11), time(14)),
    "afternoon": (time(12), time.max),
    "evening": (time(16), time.max),
}


class ActionOpeningHours(BaseAction):
    """The asked day (yes or no first when so asked), or now and the week in short."""

    action_name = "action_opening_hours"
    kind: Kind | None = None

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        schedule = self.ctx.city.schedule
        day = _asked_day(tracker)
        topics = _values(tracker, "topic")
        yes_no = "yes" in _values(tracker, "yes_no")
        parts = _values(tracker, "part_of_day")  # the last one: the question is at the end
        part = _asked_time(tracker) or PARTS_OF_DAY.get(parts[-1] if parts else "")
        period = _asked_period(tracker)
        if period:  # "über Ostern", "zwischen den Jahren": each day of it
            lines = [wording.describe_day(schedule, d, say.lang) for d in period]
            say("\n".join(lines), _hour_buttons(say))
        elif "week" in topics and not _names_a_day(tracker):
            lines = [say.t("hours.week")]
            lines += wording.describe_week(schedule, day or now.date(), say.lang)
            say("\n".join(lines), _hour_buttons(say))
        elif day and yes_no:
            say(yes_no_day(schedule, day, self.kind, part, say), _hour_buttons(say))
        elif day:
            say(self.day_text(schedule, day, say), _hour_buttons(say))
        elif yes_no and ("now" in topics or self.kind is None):
            say(yes_no_now(schedule, now, self.kind, say), _hour_buttons(say))
        else:
            say("\n".join(self.overview(schedule, now, say, yes_no)), _hour_buttons(say, week=True))
        return None

    def day_text(self, schedule: Schedule, day: date, say: Say) -> str:
        return wording.describe_day(schedule, day, say.lang)

    def overview(self, schedule: Schedule, now: datetime, say: Say, yes_no: bool) -> list[str]:
        """Open now or when next, the weekly hours in short, and closures in the coming week."""
        version = schedule.version_on(now.date())
        lines = [now_line(schedule, now, say)]
        if version:
            lines += [
                say.t(f"hours.short.{kind.value}", days=text)
                for kind in (Kind.WALK_IN, Kind.APPOINTMENT)
                if (text := wording.weekly_short(version, kind, say.lang))
            ]
        lines += closures_ahead(schedule, now.date(), say)
        return lines


class ActionWalkinHours(ActionOpeningHours):
    """Walk-in ("ohne Termin") windows: yes or no for a day, the weekly pattern, open now or
    when next."""

    action_name = "action_walkin_hours"
    kind = Kind.WALK_IN

    def day_text(self, schedule: Schedule, day: date, say: Say) -> str:
        if schedule.day(day, Kind.WALK_IN) or schedule.closed_reason(day):
            return wording.describe_day(schedule, day, say.lang, Kind.WALK_IN)
        nxt = _next_walk_in(schedule, day, None, say)
        none = say.t("walk_in.day_none", day=wording.day_name(day, say.lang))
        return f"{none} {nxt[:1].upper()}{nxt[1:]}."

    def overview(self, schedule: Schedule, now: datetime, say: Say, yes_no: bool) -> list[str]:
        lines = walk_in_lines(schedule, now, say)
        version = schedule.version_on(now.date())
        if not yes_no:
            return lines
        if version and version.has(Kind.WALK_IN):
            lines[0] = f"{say.t('answer.yes')} {lines[0][:1].lower()}{lines[0][1:]}"
        else:  # walk-in hours only in a later version: not now
            lines[0] = f"{say.t('answer.no_sentence')} {lines[0]}"
        return lines


def yes_no_day(
    schedule: Schedule, day: date, kind: Kind | None, part: tuple[time, time] | None, say: Say
) -> str:
    """'Ja – Donnerstag, …: 09:00–11:30 Uhr ohne Termin' or 'Nein, … nur mit Termin – die
    nächste Sprechzeit ohne Termin ist …'."""
    found = [
        iv
        for iv in schedule.day(day)
        if iv.kind.at_office
        and kind in (None, iv.kind)
        and (part is None or (iv.start.time() < part[1] and iv.end.time() > part[0]))
    ]
    name = wording.day_name(day, say.lang)
    if found:
        spans = wording.joined([wording.interval(iv, say.lang) for iv in found], say.lang)
        return say.t("answer.yes_day", day=name, spans=spans)
    other = [
        iv
        for iv in schedule.day(day, Kind.APPOINTMENT)
        if part is None or (iv.start.time() < part[1] and iv.end.time() > part[0])
    ]
    if kind is Kind.WALK_IN and other:
        spans = wording.joined([wording.span(iv.start, iv.end, say.lang) for iv in other], say.lang)
        head = say.t("answer.no_only_appointment", day=name, spans=spans)
        return f"{head} – {_next_walk_in(schedule, day, part, say)}."
    text = wording.describe_day(schedule, day, say.lang, kind)
    if part and not schedule.closed_reason(day) and schedule.day(day, kind):
        return say.t("answer.no_part", day=name, spans=text.split(": ", 1)[-1])
    nxt = _next_walk_in(schedule, day, part, say) if kind is Kind.WALK_IN else ""
    return say.t("answer.no") + " – " + text + (f" – {nxt}." if nxt else "")


def _next_walk_in(schedule: Schedule, day: date, part: tuple[time, time] | None, say: Say) -> str:
    """'die nächste Sprechzeit ohne Termin ist am Donnerstag, … ab 09:00 Uhr'."""
    start = datetime.combine(day, part[1] if part and part[1] != time.max else time(), schedule.tz)
    window = schedule.next_window(start, Kind.WALK_IN)
    if window is None:
        return say.t("walk_in.none")
    return say.t(
        "info.walk_in_next",
        day=wording.day_name(window.start.date(), say.lang),
        start=wording.clock(window.start),
    )


def yes_no_now(schedule: Schedule, now: datetime, kind: Kind | None, say: Say) -> str:
    """'Ja, gerade ist geöffnet (ohne Termin) bis 11:30 Uhr.' / 'Nein, gerade ist geschlossen.'"""
    state = schedule.state_at(now)
    window = state.open(kind) if kind else state.office
    answer = say.t("answer.yes" if window else "answer.no")
    return answer + " " + now_line(schedule, now, say, kind)


def closures_ahead(schedule: Schedule, today: date, say: Say) -> list[str]:
    """Holidays and closures in the next 7 days on which the office would otherwise open."""
    lines = []
    for offset in range(7):
        day = today + timedelta(days=offset)
        reason = schedule.closed_reason(day, say.lang)
        version = schedule.version_on(day)
        if reason and version and any(day.weekday() in p.weekdays for p in version.periods):
            lines.append(wording.describe_day(schedule, day, say.lang))
    return lines


def walk_in_lines(schedule: Schedule, now: datetime, say: Say) -> list[str]:
    """The weekly walk-in hours in force (or in the next version with any) and the next window."""
    current = schedule.state_at(now)
    nxt = current.next[Kind.WALK_IN]
    window = current.open(Kind.WALK_IN) or nxt
    if window is None:
        return [say.t("walk_in.none")]
    version = schedule.version_on(window.start.date())
    lines = []
    if version and version.valid_from > now.date():
        lines.append(say.t("walk_in.from", day=wording.day_name(version.valid_from, say.lang)))
    else:
        lines.append(say.t("walk_in.intro"))
    if version:
        lines += wording.weekly(version, Kind.WALK_IN, say.lang)
    lines.append(now_line(schedule, now, say, Kind.WALK_IN))
    return lines


def now_line(schedule: Schedule, now: datetime, say: Say, kind: Kind | None = None) -> str:
    """'Gerade ist geöffnet (ohne Termin) bis 11:30 Uhr.' or the next window."""
    state = schedule.state_at(now)
    office = state.open(kind) if kind else state.office
    if office:
        until = wording.clock(office.end)
        return say.t("hours.now_open", kind=wording.kind_label(office.kind, say.lang), until=until)
    kinds = [kind] if kind else [Kind.WALK_IN, Kind.APPOINTMENT]
    upcoming = [iv for k in kinds if (iv := state.next[k]) is not None]
    if not upcoming:
        return say.t("hours.now_closed") + " " + say.t("hours.none_published")
    return say.t("hours.now_closed") + " " + next_line(min(upcoming), say)


def next_line(iv: Interval, say: Say) -> str:
    return say.t(
        "hours.next",
        kind=wording.kind_label(iv.kind, say.lang),
        day=wording.day_name(iv.start.date(), say.lang),
        span=wording.span(iv.start, iv.end, say.lang),
    )


def _values(tracker: Tracker, name: str) -> list[str]:
    return [
        str(e.get("value"))
        for e in (tracker.latest_message or {}).get("entities", [])
        if e.get("entity") == name
    ]


def _names_a_day(tracker: Tracker) -> bool:
    """A date entity that names a day, not only 'diese Woche'."""
    message = tracker.latest_message or {}
    text = message.get("text", "").lower()
    for e in message.get("entities", []):
        if e.get("entity") == "date" and "start" in e:
            said = text[e["start"] : e["end"]]
            if not any(w in said for w in ("woche", "week")):
                return True
    return False


def _asked_period(tracker: Tracker) -> list[date]:
    """The days of a named period asked about (the NLU's grain 'period': Ostern, Pfingsten,
    Weihnachten, zwischen den Jahren), at most a week; none for anything else."""
    for e in (tracker.latest_message or {}).get("entities", []):
        info = e.get("additional_info") or {}
        if e.get("entity") == "date" and info.get("grain") == "period":
            try:
                first, last = date.fromisoformat(info["from"]), date.fromisoformat(info["to"])
            except (KeyError, TypeError, ValueError):
                return []
            days = (last - first).days + 1
            return [first + timedelta(days=i) for i in range(days)] if 0 < days <= 7 else []
    return []


def _asked_time(tracker: Tracker) -> tuple[time, time] | None:
    """A time asked about as [from, to) on the clock: 'um halb 8 abends' is the moment 19:30,
    'ab 14 Uhr' the rest of the day, 'bis 12' the morning up to then."""
    found = [
        e
        for e in (tracker.latest_message or {}).get("entities", [])
        if e.get("entity") == "time" and isinstance(e.get("value"), str)
    ]
    if not found:
        return None
    try:
        at = time.fromisoformat(found[-1]["value"])
    except ValueError:
        return None
    bound = (found[-1].get("additional_info") or {}).get("bound")
    if bound == "after":
        return at, time.max
    if bound == "before":
        return time(0), at
    return at, time(at.hour, at.minute, 1)


def _asked_day(tracker: Tracker) -> date | None:
    value = entity(tracker, "date")
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _hour_buttons(say: Say, week: bool = False) -> list[dict[str, str]]:
    buttons = [
        say.button("button.book", "/book_appointment"),
        say.button("button.walk_in", "/ask_walkin_hours"),
        say.button("button.hours", "/ask_opening_hours"),
    ]
    if week:
        buttons.append(say.button("button.week", '/ask_opening_hours{"topic":"week"}'))
    return buttons
