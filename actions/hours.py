"""Opening hours: the week, one day, walk-in windows, and whether the office is open now."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rasa_sdk import Tracker

from actions.context import BaseAction, Say, entity
from office import wording
from office.schedule import Interval, Kind, Schedule


class ActionOpeningHours(BaseAction):
    """Answers with the asked day, or with this week and what is open right now."""

    action_name = "action_opening_hours"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        schedule = self.ctx.city.schedule
        day = _asked_day(tracker)
        if day:
            say(wording.describe_day(schedule, day, say.lang), _hour_buttons(say))
            return None
        lines = [now_line(schedule, now, say), say.t("hours.week")]
        lines += wording.describe_week(schedule, now.date(), say.lang)
        say("\n".join(lines), _hour_buttons(say))
        return None


class ActionWalkinHours(BaseAction):
    """Walk-in ("ohne Termin") windows: the weekly pattern, open now or when next."""

    action_name = "action_walkin_hours"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        schedule = self.ctx.city.schedule
        day = _asked_day(tracker)
        if day:
            found = schedule.day(day, Kind.WALK_IN)
            text = (
                wording.describe_day(schedule, day, say.lang, Kind.WALK_IN)
                if found or schedule.closed_reason(day)
                else say.t("walk_in.day_none", day=wording.day_name(day, say.lang))
            )
            say(text, _hour_buttons(say))
            return None
        say("\n".join(walk_in_lines(schedule, now, say)), _hour_buttons(say))
        return None


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


def _asked_day(tracker: Tracker) -> date | None:
    value = entity(tracker, "date")
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _hour_buttons(say: Say) -> list[dict[str, str]]:
    return [
        say.button("button.book", "/book_appointment"),
        say.button("button.walk_in", "/ask_walkin_hours"),
        say.button("button.hours", "/ask_opening_hours"),
    ]
