"""What the office tells citizens without being asked: the cutover notice, reminders, released
appointments, news. Pure: texts are composed here from the config and the wording, once, when
the notice is queued, so every channel sends the same words and a retry sends them unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from office import payload, wording
from office.booking import Appointment
from office.city import City
from office.schedule import Kind
from office.texts import lang_or_default, t

BOOK = payload.write("book_appointment")


@dataclass(frozen=True)
class CutoverCounts:
    """What a cutover would do: appointments in total and by day, notices by channel."""

    total: int
    by_day: dict[date, int]
    by_channel: dict[str, int]


@dataclass(frozen=True)
class CutoverResult:
    from_day: date
    cancelled: int
    notices: int
    already: bool = False  # run before: nothing changed now
    run_at: datetime | None = None


@dataclass(frozen=True)
class Notice:
    """One message to one citizen. `plain` replaces the buttons where there are none (e-mail)."""

    kind: str  # cutover, reminder, released, news
    lang: str
    subject: str
    text: str
    buttons: tuple[tuple[str, str], ...] = ()  # (title, payload)
    plain: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def payload(self) -> dict[str, Any]:
        """The outbox row's JSON."""
        return {
            "kind": self.kind,
            "lang": self.lang,
            "subject": self.subject,
            "text": self.text,
            "buttons": [{"title": title, "payload": p} for title, p in self.buttons],
            "plain": self.plain,
            **self.extra,
        }


def describe(city: City, a: Appointment, lang: str) -> str:
    """'Reisepass am Mittwoch, 15. September 2021 um 09:15 Uhr'."""
    start = a.start.astimezone(city.tz)
    return t(
        lang,
        "appointment",
        service=_service(city, a.service_id, lang),
        day=wording.day_name(start.date(), lang),
        time=wording.clock(start),
    )


class CutoverNotices:
    """Writes the cutover notices of one run; the walk-in hours and day names, the same in most
    notices, are worded once."""

    def __init__(self, city: City):
        if city.cutover is None:
            raise ValueError("the city's config has no cutover")
        self.city = city
        self.cut = city.cutover
        self._walk_in: dict[tuple[date, str], str] = {}
        self._days: dict[tuple[date, str, str], str] = {}

    def notice(self, appointments: Sequence[Appointment], lang: str | None) -> Notice:
        """The config's notice for the first appointment, the others named, the new walk-in
        hours, the reason, and a way to book again."""
        lang = lang_or_default(lang)
        first, *others = sorted(appointments, key=lambda a: a.start)
        start = first.start.astimezone(self.city.tz)
        parts = [
            self.cut.notice[lang].format(
                date=self._day(start.date(), lang),
                time=wording.clock(start),
                service=_service(self.city, first.service_id, lang),
            )
        ]
        parts += [
            t(lang, "notice.cutover.also", appointment=describe(self.city, a, lang)) for a in others
        ]
        parts.append(self._walk_in_hours(max(self.cut.date, start.date()), lang))
        parts.append(t(lang, "notice.why", why=self.cut.why[lang]))
        join = waitlist_offer(self.city, first.service_id, first.household_size, lang)
        if join:
            parts.append(t(lang, "notice.waitlist.join"))
        return Notice(
            kind="cutover",
            lang=lang,
            subject=t(lang, "notice.cutover.subject", date=self._date(start.date(), lang)),
            text="\n\n".join(p for p in parts if p),
            buttons=((t(lang, "button.rebook"), BOOK), *join),
            plain=t(lang, "notice.rebook_online", url=self.city.booking_url),
            extra={"codes": [a.code for a in (first, *others)]},
        )

    def _day(self, d: date, lang: str) -> str:
        if (d, lang, "day") not in self._days:
            self._days[d, lang, "day"] = wording.day_name(d, lang)
        return self._days[d, lang, "day"]

    def _date(self, d: date, lang: str) -> str:
        if (d, lang, "date") not in self._days:
            self._days[d, lang, "date"] = wording.date_name(d, lang)
        return self._days[d, lang, "date"]

    def _walk_in_hours(self, on: date, lang: str) -> str:
        if (on, lang) not in self._walk_in:
            self._walk_in[on, lang] = "\n".join(walk_in_hours(self.city, on, lang))
        return self._walk_in[on, lang]


def walk_in_hours(city: City, on: date, lang: str) -> list[str]:
    """The weekly walk-in hours in force on `on` (or the next version that has any)."""
    versions = [v for v in city.schedule.versions if v.valid_until is None or v.valid_until >= on]
    for version in sorted(versions, key=lambda v: v.valid_from):
        lines = wording.weekly(version, Kind.WALK_IN, lang)
        if lines:
            if version.valid_from > on:
                head = t(lang, "walk_in.from", day=wording.day_name(version.valid_from, lang))
            else:
                head = t(lang, "walk_in.intro")
            return [head, *lines]
    return [t(lang, "walk_in.none")]


def reconfirm_deadline(city: City, a: Appointment) -> datetime:
    return a.start.astimezone(city.tz) - timedelta(hours=city.booking.reconfirm_hours)


def reminder_notice(
    city: City,
    a: Appointment,
    lang: str | None,
    answerable: bool,
    links: tuple[str, str] | None = None,
) -> Notice:
    """48 hours before: "Ich komme" / "Absagen" — buttons in a chat, links (`links`: confirm,
    cancel) in an e-mail. A reminder that cannot be answered either way says how to cancel
    instead, and such appointments are never released."""
    lang = lang_or_default(lang)
    start = a.start.astimezone(city.tz)
    deadline = reconfirm_deadline(city, a)
    text = t(lang, "notice.reminder", appointment=describe(city, a, lang), code=a.code)
    if (answerable or links) and city.booking.release_unconfirmed:
        when = t(
            lang,
            "notice.deadline",
            day=wording.day_name(deadline.date(), lang),
            time=wording.clock(deadline),
        )
        text += "\n\n" + t(lang, "notice.reminder.confirm", deadline=when)
    buttons = (
        (t(lang, "button.coming"), f'/confirm_appointment{{"code":"{a.code}"}}'),
        (t(lang, "button.cancel_appointment"), f'/cancel_appointment{{"code":"{a.code}"}}'),
    )
    plain = t(lang, "notice.reminder.plain", phone=city.phone)
    if links:
        plain = t(lang, "notice.reminder.links", confirm=links[0], cancel=links[1])
    return Notice(
        kind="reminder",
        lang=lang,
        subject=t(lang, "notice.reminder.subject", date=wording.date_name(start.date(), lang)),
        text=text,
        buttons=buttons if answerable else (),
        plain=plain,
        extra={"codes": [a.code]},
    )


def released_notice(city: City, a: Appointment, lang: str | None) -> Notice:
    """The appointment was not confirmed in time and is free for others now."""
    lang = lang_or_default(lang)
    start = a.start.astimezone(city.tz)
    return Notice(
        kind="released",
        lang=lang,
        subject=t(lang, "notice.released.subject", date=wording.date_name(start.date(), lang)),
        text=t(lang, "notice.released", appointment=describe(city, a, lang)),
        buttons=((t(lang, "button.rebook"), BOOK),),
        plain=t(lang, "notice.rebook_online", url=city.booking_url),
        extra={"codes": [a.code]},
    )


def news_notice(city: City, text: str, lang: str | None) -> Notice:
    """A staff broadcast, with the way to stop receiving them."""
    lang = lang_or_default(lang)
    office = city.office.get(lang) or city.name
    return Notice(
        kind="news",
        lang=lang,
        subject=t(lang, "notice.news.subject", office=office),
        text=text.strip(),
        buttons=((t(lang, "button.unsubscribe"), payload.write("unsubscribe")),),
        plain=t(lang, "notice.news.plain"),
    )


def _service(city: City, service_id: str, lang: str) -> str:
    service = city.service(service_id)
    return service.name[lang] if service else service_id


def office_cancel_notice(
    city: City, appointments: Sequence[Appointment], lang: str | None, why: str
) -> Notice:
    """The office cancelled these appointments (a closure day, a clerk at the counter): which
    ones, why (`why` already worded in `lang`), and a way to book again."""
    lang = lang_or_default(lang)
    first, *others = sorted(appointments, key=lambda a: a.start)
    start = first.start.astimezone(city.tz)
    parts = [t(lang, "notice.office_cancel", appointment=describe(city, first, lang))]
    parts += [t(lang, "notice.cutover.also", appointment=describe(city, a, lang)) for a in others]
    parts.append(t(lang, "notice.why", why=why))
    join = waitlist_offer(city, first.service_id, first.household_size, lang)
    if join:
        parts.append(t(lang, "notice.waitlist.join"))
    return Notice(
        kind="office_cancel",
        lang=lang,
        subject=t(lang, "notice.cutover.subject", date=wording.date_name(start.date(), lang)),
        text="\n\n".join(parts),
        buttons=((t(lang, "button.rebook"), BOOK), *join),
        plain=t(lang, "notice.rebook_online", url=city.booking_url),
        extra={"codes": [a.code for a in (first, *others)]},
    )


def waitlist_offer(
    city: City, service_id: str, household_size: int, lang: str
) -> tuple[tuple[str, str], ...]:
    """The button onto the waitlist for a cancelled appointment's service, where it has one."""
    if not city.waitlist.on_for(service_id):
        return ()
    join = payload.write("waitlist_join", service=service_id, persons=household_size)
    return ((t(lang, "button.waitlist"), join),)


ACCEPT_OFFER = "waitlist_accept"
DECLINE_OFFER = "waitlist_decline"


def waitlist_offer_notice(
    city: City,
    offer_id: int,
    service_id: str,
    household_size: int,
    start: datetime,
    until: datetime,
    lang: str | None,
    previous: datetime | None = None,
) -> Notice:
    """A freed seat held for a waiter: take it ("Ja") or let the next one have it ("Nein")."""
    lang = lang_or_default(lang)
    service = _service(city, service_id, lang)
    if household_size > 1:
        service = t(lang, "book.for_persons", service=service, n=household_size)
    start = start.astimezone(city.tz)
    what = t(lang, "appointment", service=service, day=wording.day_name(start.date(), lang),
             time=wording.clock(start))  # fmt: skip
    deadline = t(lang, "notice.deadline", day=wording.day_name(until.date(), lang),
                 time=wording.clock(until))  # fmt: skip
    text = t(lang, "notice.waitlist.offer", appointment=what, until=deadline)
    if previous is not None:
        previous = previous.astimezone(city.tz)
        old = t(lang, "notice.deadline", day=wording.day_name(previous.date(), lang),
                time=wording.clock(previous))  # fmt: skip
        text += "\n\n" + t(lang, "notice.waitlist.offer.move", previous=old)
    return Notice(
        kind="waitlist_offer",
        lang=lang,
        subject=t(lang, "notice.waitlist.offer.subject"),
        text=text,
        buttons=(
            (t(lang, "button.waitlist_accept"), payload.write(ACCEPT_OFFER, offer=offer_id)),
            (t(lang, "button.waitlist_decline"), payload.write(DECLINE_OFFER, offer=offer_id)),
        ),
        plain=t(lang, "notice.waitlist.offer.plain"),
        extra={"offer": offer_id},
    )


def waitlist_lapsed_notice(lang: str | None, waiting: bool, unanswered: int = 0) -> Notice:
    """An offer not answered in time went to the next waiter; after `unanswered` such offers
    the wish ends (the citizen may join again)."""
    lang = lang_or_default(lang)
    text = t(lang, "notice.waitlist.lapsed") + " "
    if unanswered:
        text += t(lang, "notice.waitlist.unanswered", n=unanswered)
    else:
        text += t(lang, "notice.waitlist.still" if waiting else "notice.waitlist.ended")
    buttons = ((t(lang, "button.waitlist_leave"), payload.write("waitlist_leave")),)
    if unanswered:
        buttons = ((t(lang, "button.waitlist"), payload.write("waitlist_join")),)
    return Notice(
        kind="waitlist_lapsed",
        lang=lang,
        subject=t(lang, "notice.waitlist.lapsed.subject"),
        text=text,
        buttons=buttons if waiting or unanswered else (),
    )


def code_notice(
    city: City, a: Appointment, lang: str | None, code: str, url: str, minutes: int
) -> Notice:
    """The e-mail that proves a pending booking's address: the code to type, or the link."""
    lang = lang_or_default(lang)
    return Notice(
        kind="code",
        lang=lang,
        subject=t(lang, "notice.code.subject", code=code),
        text=t(
            lang,
            "notice.code",
            appointment=describe(city, a, lang),
            code=code,
            url=url,
            minutes=minutes,
        ),  # fmt: skip
    )


def email_check_notice(lang: str | None, code: str, url: str, hours: int) -> Notice:
    """The e-mail that proves an address given in a chat (Telegram), before notices go there:
    its code is typed in that chat, or its link opened."""
    lang = lang_or_default(lang)
    return Notice(
        kind="email_check",
        lang=lang,
        subject=t(lang, "notice.email.subject"),
        text=t(lang, "notice.email", code=code, url=url, hours=hours),
    )


def booked_notice(
    city: City, a: Appointment, lang: str | None, cancel_url: str | None, ics: str
) -> Notice:
    """The confirmation by e-mail: the appointment, its code, the cancel link, the .ics."""
    lang = lang_or_default(lang)
    start = a.start.astimezone(city.tz)
    parts = [t(lang, "notice.booked", appointment=describe(city, a, lang), code=a.code)]
    service = city.service(a.service_id)
    if service and service.bring.get(lang):
        parts.append(t(lang, "book.bring", items=", ".join(service.bring[lang])))
    if cancel_url:
        parts.append(t(lang, "notice.cancel_link", url=cancel_url))
    parts.append(t(lang, "notice.ics"))
    return Notice(
        kind="booked",
        lang=lang,
        subject=t(lang, "notice.booked.subject", date=wording.date_name(start.date(), lang)),
        text="\n\n".join(parts),
        extra={"codes": [a.code], "ics": {"filename": f"termin-{a.code}.ics", "content": ics}},
    )


def existing_notice(city: City, a: Appointment, lang: str | None, cancel_url: str | None) -> Notice:
    """To the owner of an appointment, when someone else met its limit with their contact: the
    details go to them, never to whoever typed the address."""
    lang = lang_or_default(lang)
    start = a.start.astimezone(city.tz)
    parts = [t(lang, "notice.existing", appointment=describe(city, a, lang), code=a.code)]
    if cancel_url:
        parts.append(t(lang, "notice.cancel_link", url=cancel_url))
    return Notice(
        kind="existing",
        lang=lang,
        subject=t(lang, "notice.existing.subject", date=wording.date_name(start.date(), lang)),
        text="\n\n".join(parts),
        plain=t(lang, "notice.existing.plain"),
        extra={"codes": [a.code]},
    )
