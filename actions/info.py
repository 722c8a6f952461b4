"""Emergencies, the end of phone booking, and the September cutover: the press release's news."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from actions.context import BaseAction, Say
from actions.hours import walk_in_lines
from actions.sdk import Tracker
from office import wording
from office.city import City
from office.lifecycle import Status
from office.schedule import Kind

# The phone window "applies" when it is open or opens within this time.
PHONE_WINDOW_AHEAD = timedelta(days=4)


class ActionEmergency(BaseAction):
    """Lost or stolen documents: what counts, the phone window when it applies, else walk-in."""

    action_name = "action_emergency"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        city = self.ctx.city
        state = city.schedule.state_at(now)
        lines = [say.t("emergency.intro"), city.emergency.get(say.lang, "")]
        phone = state.open(Kind.EMERGENCY_PHONE) or state.next[Kind.EMERGENCY_PHONE]
        if phone and phone.start - now <= PHONE_WINDOW_AHEAD:
            lines.append(
                say.t(
                    "emergency.phone",
                    days=_weekday_range(phone.start, city, say.lang),
                    span=wording.span(phone.start, phone.end, say.lang),
                    phone=city.phone,
                )
            )
            if phone.contains(now):
                lines.append(say.t("emergency.phone_now", until=wording.clock(phone.end)))
            else:
                day = wording.day_name(phone.start.date(), say.lang)
                lines.append(
                    say.t("emergency.phone_next", day=day, start=wording.clock(phone.start))
                )
        else:
            walk_in = state.open(Kind.WALK_IN) or state.next[Kind.WALK_IN]
            if walk_in:
                lines.append(
                    say.t(
                        "emergency.walk_in",
                        day=wording.day_name(walk_in.start.date(), say.lang),
                        span=wording.span(walk_in.start, walk_in.end, say.lang),
                    )
                )
        lines.append(say.t("emergency.document"))
        say(
            "\n".join(line for line in lines if line),
            [say.button("button.walk_in", "/ask_walkin_hours")],
        )
        return None


class ActionPhoneBooking(BaseAction):
    """Booking by phone has ended: offer booking here and the walk-in hours."""

    action_name = "action_phone_booking"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        say(
            say.t("phone_booking"),
            [
                say.button("button.book", "/book_appointment"),
                say.button("button.walk_in", "/ask_walkin_hours"),
            ],
        )
        return None


class ActionCutoverInfo(BaseAction):
    """Why appointments from the cutover date were cancelled; names this sender's if any."""

    action_name = "action_cutover_info"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        city = self.ctx.city
        cut = city.cutover
        if cut is None:
            say(say.t("fallback"), say.main_options())
            return None
        lines = [
            say.t("cutover.info", date=wording.day_name(cut.date, say.lang)),
            cut.why.get(say.lang, ""),
        ]
        for appt in self.ctx.booking.appointments_of(tracker.sender_id, now, include_past=True):
            if appt.status is not Status.CANCELLED_BY_CUTOVER:
                continue
            service = city.service(appt.service_id)
            lines.append(
                say.t(
                    "cutover.yours",
                    day=wording.day_name(appt.start.date(), say.lang),
                    time=wording.clock(appt.start),
                    service=service.name[say.lang] if service else appt.service_id,
                )
            )
        lines.append(say.t("cutover.rebook"))
        lines += walk_in_lines(city.schedule, now, say)[-1:]
        say(
            "\n".join(line for line in lines if line),
            [
                say.button("button.book", "/book_appointment"),
                say.button("button.walk_in", "/ask_walkin_hours"),
            ],
        )
        return None


def _weekday_range(start: datetime, city: City, lang: str) -> str:
    """'Montag bis Freitag' for the phone window's weekdays in the version in force."""
    version = city.schedule.version_on(start.date())
    periods = version.periods if version else ()
    days = sorted({d for p in periods if p.kind is Kind.EMERGENCY_PHONE for d in p.weekdays})
    return wording.weekday_range(days, lang)
