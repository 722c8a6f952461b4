"""Honest test doubles for the channel's collaborators: they keep state and can say no."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from bot.turn import Button, Response, Turn
from office.booking import Appointment, Cancelled
from office.notices import CutoverCounts, CutoverResult
from storage.booking import BookingService

ICS = "\r\n".join(
    ["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "SUMMARY:Personalausweis", "END:VEVENT"]
    + ["END:VCALENDAR", ""]
)
MAIN = (Button("Termin buchen", "/book_appointment"), Button("Ohne Termin", "/ask_walkin_hours"))


class ScriptedEngine:
    """The booking conversation's shape, with per-sender state and payload checks.

    Offers are remembered per sender; a payload that was not offered is refused, a second
    confirmation finds nothing to confirm. `fail_on` makes one text raise, like a bug would.
    """

    def __init__(self) -> None:
        self.turns: list[Turn] = []
        self.bookings: list[dict[str, str]] = []
        self.state: dict[str, dict[str, Any]] = {}
        self.fail_on: str | None = None

    async def handle(self, turn: Turn) -> list[Response]:
        self.turns.append(turn)
        if turn.text == self.fail_on:
            raise RuntimeError("engine fault for the test")
        st = self.state.setdefault(turn.sender, {"step": None, "offered": set()})
        text, step = turn.text, st["step"]
        if text.startswith("/") and "{" in text and text not in st["offered"]:
            return [Response("Diese Auswahl ist nicht (mehr) gültig.", buttons=MAIN)]
        if text == "/greet":
            return [Response("Guten Tag! Wobei kann ich helfen?", buttons=MAIN)]
        if text == "/ask_walkin_hours" or "ohne termin" in text.lower():
            return [Response("Ohne Termin: Montag, 09:00–11:30 Uhr und 13:00–15:00 Uhr.")]
        if text == "/book_appointment":
            st.update(step="service", offered=set())
            return [self._offer(st, "Wofür brauchen Sie den Termin?", "service", SERVICES)]
        if step == "service" and text.startswith('/inform{"service"'):
            st.update(step="date", service=text)
            return [self._offer(st, "An welchem Tag?", "date", DAYS)]
        if step == "date" and text.startswith('/inform{"date"'):
            st.update(step="slot")
            return [self._offer(st, "Um wie viel Uhr?", "slot", SLOTS)]
        if step == "slot" and text.startswith('/inform{"slot"'):
            st.update(step="name")
            return [Response("Wie ist Ihr Name?")]
        if step == "name":
            st.update(step="contact", name=text)
            return [Response("Ihre E-Mail-Adresse oder Telefonnummer?")]
        if step == "contact":
            st.update(step="confirm")
            yes_no = {"/affirm": "Ja, buchen", "/deny": "Nein"}
            st["offered"] |= set(yes_no)
            buttons = tuple(Button(title, p) for p, title in yes_no.items())
            return [Response("Personalausweis, Mittwoch, 15. September 2021, 09:15 Uhr?", buttons)]
        if step == "confirm" and text == "/affirm":
            st.update(step=None)
            self.bookings.append({"sender": turn.sender, "name": st["name"]})
            ics = {"filename": "termin-BB-7K3QX.ics", "content": ICS}
            return [
                Response("Ihr Termin ist gebucht: BB-7K3QX, Mittwoch, 15. September 2021."),
                Response(custom={"ics": ics}),
            ]
        return [Response("Das habe ich leider nicht verstanden.", buttons=MAIN)]

    @staticmethod
    def _offer(st: dict[str, Any], text: str, slot: str, values: dict[str, str]) -> Response:
        buttons = tuple(Button(t, f'/inform{{"{slot}":"{v}"}}') for v, t in values.items())
        st["offered"] |= {b.payload for b in buttons}
        return Response(text, buttons)


SERVICES = {"personalausweis": "Personalausweis", "reisepass": "Reisepass"}
DAYS = {"2021-09-15": "Mi 15.09.", "2021-09-17": "Fr 17.09."}
SLOTS = {"09:00": "09:00", "09:15": "09:15", "09:30": "09:30", "09:45": "09:45"}


@dataclass
class Cutover:
    """Issue 8's machinery in miniature, over the real booking service: counts, then cancels."""

    booking: BookingService
    horizon_days: int = 60
    runs: list[tuple[date, str]] = field(default_factory=list)

    def _affected(self, from_day: date, now: datetime) -> list[Appointment]:
        days = (from_day + timedelta(days=i) for i in range(self.horizon_days))
        found = (a for d in days for a in self.booking.day_list(d))
        return [a for a in found if a.status.active and a.start > now]

    def preview(self, from_day: date, now: datetime) -> CutoverCounts:
        affected = self._affected(from_day, now)
        by_day = Counter(a.start.date() for a in affected)
        return CutoverCounts(
            len(affected), dict(by_day), dict(Counter(a.channel for a in affected))
        )

    def run(self, from_day: date, actor: str, now: datetime) -> CutoverResult:
        outcomes = [
            self.booking.cancel(a.code, actor, now, reason="cutover")
            for a in self._affected(from_day, now)
        ]
        self.runs.append((from_day, actor))
        cancelled = sum(isinstance(o, Cancelled) for o in outcomes)
        return CutoverResult(from_day, cancelled, cancelled)


@dataclass
class Broadcast:
    sent: list[tuple[str, str, str]] = field(default_factory=list)
    sizes: dict[str, int] = field(
        default_factory=lambda: {"subscribers": 3, "affected": 2, "all": 5}
    )

    def audience_size(self, audience: str) -> int:
        return self.sizes[audience]

    def send(self, audience: str, text: str, actor: str, now: datetime) -> int:
        self.sent.append((audience, text, actor))
        return self.sizes[audience]
