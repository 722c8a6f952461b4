"""Answers from the city's knowledge: a service's documents, fees, processing time, walk-in;
the office's address, way there, accessibility, parking and contacts; and who else is
responsible. Only the config's data is said; the part asked about comes first, short enough
for a phone screen.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from actions.context import BaseAction, Say
from actions.sdk import Tracker
from office import wording
from office.city import City, Service
from office.knowledge import Referral
from office.payload import write
from office.schedule import Kind

SERVICE_TOPICS = ("fee", "bring", "processing", "walk_in", "appointment", "children", "lost")
OFFICE_TOPICS = (
    "address", "directions", "accessibility", "parking", "phone", "email", "booking_link",
)  # fmt: skip
# Documents named in a question that stand for a service ("Was kostet ein Pass?").
DOCUMENT_SERVICE = {"personalausweis": "personalausweis", "reisepass": "reisepass"}


def values(tracker: Tracker, name: str) -> list[str]:
    """Every value of entity `name` in the latest message, in order, without repeats."""
    found: list[str] = []
    for e in (tracker.latest_message or {}).get("entities", []):
        if e.get("entity") == name and str(e.get("value")) not in found:
            found.append(str(e.get("value")))
    return found


def asked_service(city: City, tracker: Tracker) -> Service | None:
    """The service the question names (a service entity, else a document that is one)."""
    for value in reversed(values(tracker, "service")):  # a long message asks at its end
        if service := city.service(value):
            return service
    for value in values(tracker, "document"):
        if value in DOCUMENT_SERVICE and (service := city.service(DOCUMENT_SERVICE[value])):
            return service
    return None


def is_yes_no(tracker: Tracker) -> bool:
    return "yes" in values(tracker, "yes_no")


class ActionServiceInfo(BaseAction):
    """What to bring, what it costs, how long it takes, walk-in or appointment, special cases."""

    action_name = "action_service_info"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        city = self.ctx.city
        referral = next(iter(values(tracker, "referral")), None)
        found = city.referral(referral) if referral else None
        if found:  # "Auto ummelden" is not a change of address
            say_referral(say, found)
            return None
        service = asked_service(city, tracker)
        asked = [t for t in values(tracker, "topic") if t in SERVICE_TOPICS]
        if service is None:
            office = [t for t in values(tracker, "topic") if t in OFFICE_TOPICS]
            if office and not asked:
                return ActionOfficeContact(self.ctx).act(say, tracker, now)
            buttons = [
                {"title": s.name[say.lang], "payload": write("service_info", service=s.id)}
                for s in city.services
            ]
            say(say.t("info.which_service"), buttons)
            return None
        lines = service_lines(city, service, asked, is_yes_no(tracker), now, say)
        say("\n".join(lines), service_buttons(say, service))
        return None


def service_lines(
    city: City, service: Service, asked: list[str], yes_no: bool, now: datetime, say: Say
) -> list[str]:
    """The answer's lines: the topics asked about, or an overview (documents, fee, walk-in)."""
    day = now.date()
    name = service.name[say.lang]
    topics = asked or ["bring", "fee", "walk_in"]
    lines: list[str] = []
    for topic in topics:
        if topic == "fee":
            lines.append(fee_line(service, day, say))
        elif topic == "bring":
            items = service.bring.get(say.lang) or ()
            lines.append(
                say.t("info.bring", service=name, items=wording.joined(list(items), say.lang))
                if items
                else say.t("info.bring_unknown", service=name)
            )
        elif topic == "processing":
            fact = service.info.processing
            lines.append(
                say.t("info.processing", service=name, time=fact.texts[say.lang])
                if fact
                else say.t("info.processing_unknown", service=name)
            )
        elif topic in ("walk_in", "appointment"):
            lines.append(walk_in_line(city, service, topic, now, say))
        elif topic in ("children", "lost"):
            fact = service.info.special_on(day).get(topic)
            if fact:
                lines.append(fact.texts[say.lang])
            elif topic == "lost":
                lines.append(say.t("info.lost"))
    if not asked:
        for fact in service.info.special_on(day).values():
            if fact.valid_from and fact.valid_from <= day:  # a new rule worth knowing
                lines.append(fact.texts[say.lang])
    return [line for line in lines if line]


def fee_line(service: Service, day: date, say: Say) -> str:
    """'Gebühren für Reisepass: 60,00 Euro (ab 24 Jahren), …'; free of charge says so."""
    name = service.name[say.lang]
    version = service.info.fees_on(day)
    if version is None:
        return say.t("info.fee_unknown", service=name)
    if not version.items:
        return version.note.get(say.lang, say.t("info.fee_unknown", service=name))
    if version.free:
        return say.t("info.fee_free", service=name)
    items = [
        say.t("info.fee_item", euro=wording.euro(i.euro, say.lang), label=i.label[say.lang])
        for i in version.items
    ]
    return say.t("info.fee", service=name, items=wording.joined(items, say.lang))


def walk_in_line(city: City, service: Service, topic: str, now: datetime, say: Say) -> str:
    """Yes or no first: walk-in possible (and when next), or only with an appointment."""
    name = service.name[say.lang]
    if service.info.appointment_needed or not service.info.walk_in:
        return say.t("info.appointment_only", service=name)
    state = city.schedule.state_at(now)
    window = state.open(Kind.WALK_IN)
    if window:
        when = say.t("info.walk_in_now", until=wording.clock(window.end))
    elif nxt := state.next[Kind.WALK_IN]:
        when = say.t(
            "info.walk_in_next",
            day=wording.day_name(nxt.start.date(), say.lang),
            start=wording.clock(nxt.start),
        )
    else:
        return say.t("info.walk_in_none", service=name)
    key = "info.appointment_not_needed" if topic == "appointment" else "info.walk_in_yes"
    return say.t(key, service=name, when=when)


def service_buttons(say: Say, service: Service) -> list[dict[str, str]]:
    return [
        {"title": say.t("button.book"), "payload": write("book_appointment", service=service.id)},
        say.button("button.walk_in", "/ask_walkin_hours"),
    ]


def say_referral(say: Say, referral: Referral) -> None:
    """Not ours: who is responsible, and how to reach them."""
    contacts = [c for c in (referral.phone, referral.email, referral.web) if c]
    say(
        say.t(
            "info.referral",
            name=referral.name[say.lang],
            topics=referral.topics[say.lang],
            contacts=", ".join(contacts),
        ),
        say.main_options()[:3],
    )


class ActionOfficeContact(BaseAction):
    """Where the office is and how to reach it: the part asked about, else the essentials."""

    action_name = "action_office_contact"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        city = self.ctx.city
        asked = [t for t in values(tracker, "topic") if t in OFFICE_TOPICS]
        say(
            "\n".join(office_lines(city, asked or ["address", "phone", "email"], say)),
            office_buttons(say),
        )
        return None


def office_lines(city: City, topics: list[str], say: Say) -> list[str]:
    place = city.location
    office = city.office.get(say.lang, city.name)
    lines = []
    for topic in topics:
        if topic == "address" and place.address:
            lines.append(say.t("info.address", office=office, address=place.address))
        elif topic in ("directions", "accessibility", "parking"):
            fact = getattr(place, topic)
            if fact:
                lines.append(fact.texts[say.lang])
            elif place.address:
                lines.append(say.t("info.address", office=office, address=place.address))
        elif topic == "phone" and city.phone:
            lines.append(say.t("info.phone", phone=city.phone))
        elif topic == "email" and place.email:
            lines.append(say.t("info.email", email=place.email))
        elif topic == "booking_link" and city.booking_url:
            lines.append(say.t("info.booking_link", url=city.booking_url))
    return list(dict.fromkeys(lines)) or [say.t("info.office_unknown")]


def office_buttons(say: Say) -> list[dict[str, str]]:
    return [
        say.button("button.hours", "/ask_opening_hours"),
        say.button("button.book", "/book_appointment"),
    ]


class ActionHumanHandoff(BaseAction):
    """A person to talk to: the office's phone, e-mail and address, and the next walk-in time;
    another office's contacts when the question is theirs."""

    action_name = "action_human_handoff"

    def act(self, say: Say, tracker: Tracker, now: datetime) -> list[dict[str, Any]] | None:
        city = self.ctx.city
        referral = next(iter(values(tracker, "referral")), None)
        found = city.referral(referral) if referral else None
        if found:
            say_referral(say, found)
            return None
        lines = [say.t("human.intro")]
        lines += office_lines(city, ["phone", "email", "address"], say)
        state = city.schedule.state_at(now)
        window = state.open(Kind.WALK_IN) or state.next[Kind.WALK_IN]
        if window:
            lines.append(
                say.t(
                    "human.walk_in",
                    day=wording.day_name(window.start.date(), say.lang),
                    span=wording.span(window.start, window.end, say.lang),
                )
            )
        say("\n".join(lines), office_buttons(say))
        return None
