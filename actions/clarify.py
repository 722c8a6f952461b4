"""A day said with two readings gets a question back, never a guess: a wrong day is worse.

The NLU yields a `date_unclear` entity for such a phrase ("nächsten Samstag" said on a
Thursday, "Dienstag, den 1. Oktober", "10.9." just after the 10th), with the readings as
candidates. The answer names what is off (a day that passed, a weekday that does not fit)
and offers the readings still ahead as buttons; for a day that just passed it asks, as next
year's is rarely meant. A button repeats the citizen's request with
the chosen day, so the answer is the one the citizen asked for: hours, a booking's times.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from actions.context import BaseAction, Say
from actions.sdk import Tracker
from office import payload, wording

# What a button keeps of the message besides the day.
KEPT = ("service", "time", "part_of_day", "yes_no", "persons")
# Requests that a day answers; anything else asked with a day asks for the hours.
DAY_INTENTS = frozenset(
    {"ask_opening_hours", "ask_walkin_hours", "book_appointment", "reschedule_appointment"}
)


class ActionClarifyDate(BaseAction):
    action_name = "action_clarify_date"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        message = tracker.latest_message or {}
        found = [e for e in message.get("entities", []) if e.get("entity") == "date_unclear"]
        info = found[0].get("additional_info") or {} if found else {}
        days = [date.fromisoformat(d) for d in info.get("candidates", [])]
        today = now.date()
        ahead = [d for d in days if d >= today]
        if found and found[0].get("value") == "past":
            ahead = []  # a day that just passed: next year's is rarely meant, so ask, not offer
        lines = []
        if found and found[0].get("value") == "weekday_mismatch" and days:
            lines.append(
                say.t(
                    "date.weekday_mismatch",
                    date=wording.date_name(days[0], say.lang),
                    weekday=wording.weekday_name(days[0].weekday(), say.lang),
                    said=wording.weekday_name(int(info.get("weekday", 0)), say.lang),
                )
            )
        lines += [
            say.t("date.passed", day=wording.day_name(d, say.lang)) for d in days if d < today
        ]
        names = [wording.day_name(d, say.lang) for d in ahead]
        if len(ahead) > 1:
            lines.append(say.t("date.which_of", options=say.t("date.or").join(names)))
        elif ahead:
            lines.append(say.t("date.this_one", day=names[0]))
        else:
            lines.append(say.t("date.which"))
        intent = self._intent(tracker)
        kept = {k: v for k in KEPT if (v := _value(message, k)) is not None}
        buttons = [
            {
                "title": wording.day_name(d, say.lang),
                "payload": payload.write(intent, **kept, date=d.isoformat()),
            }
            for d in ahead
        ]
        say(" ".join(lines), buttons)
        return None

    @staticmethod
    def _intent(tracker: Tracker) -> str:
        """In a form the chosen day answers the form's question; outside, it repeats the request."""
        if tracker.active_loop_name:
            return "inform"
        name = (tracker.latest_message or {}).get("intent", {}).get("name")
        return name if name in DAY_INTENTS else "ask_opening_hours"


def _value(message: dict[str, Any], name: str) -> str | None:
    values = [str(e["value"]) for e in message.get("entities", []) if e.get("entity") == name]
    return ",".join(dict.fromkeys(values)) if values else None
