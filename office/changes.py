"""What changes between two versions of the hours, in words (so the bot can say what is new)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from office import wording
from office.schedule import Kind, Version, weekday_runs
from office.texts import t


@dataclass(frozen=True, order=True)
class _Slot:
    """One period on one weekday (and weeks of the month): the unit two versions are compared in."""

    weekday: int
    nth: tuple[int, ...]
    start: time
    end: time
    kind: Kind

    def overlaps(self, other: _Slot) -> bool:
        return self.start < other.end and other.start < self.end

    def words(self, lang: str) -> str:
        return wording.hours(self.start, self.end, self.kind, lang)


def changes(old: Version, new: Version, lang: str) -> list[str]:
    """One line per change from `old` to `new`; weekdays with the same change share a line.

    A period is compared with the old periods it overlaps on the same weekday: same times but
    another kind ("jetzt ohne Termin"), other times ("jetzt 09:00–11:30 Uhr"), or nothing before
    ("neu"); an old period that nothing overlaps any more is gone ("entfällt").
    """
    before, after = _slots(old), _slots(new)
    found: dict[str, list[_Slot]] = {}
    for slot in after:
        was = [o for o in before if _comparable(o, slot) and o.overlaps(slot)]
        if slot in was:
            continue
        found.setdefault(_change(slot, was, lang), []).append(slot)
    for slot in before:
        if not any(_comparable(slot, n) and n.overlaps(slot) for n in after):
            found.setdefault(t(lang, "change.dropped", hours=slot.words(lang)), []).append(slot)
    # Counter hours first, then the phone window; each in the order of the week.
    ordered = sorted(found.items(), key=lambda item: (not item[1][0].kind.at_office, min(item[1])))
    return [t(lang, "change.line", days=_days(slots, lang), change=c) for c, slots in ordered]


def _slots(version: Version) -> list[_Slot]:
    return sorted(
        _Slot(day, p.nth, p.start, p.end, p.kind) for p in version.periods for day in p.weekdays
    )


def _comparable(a: _Slot, b: _Slot) -> bool:
    """Both at the counters (or both on the phone), on one weekday and, for nth rules, in a week
    of the month they share."""
    if a.kind.at_office != b.kind.at_office or a.weekday != b.weekday:
        return False
    return not a.nth or not b.nth or bool(set(a.nth) & set(b.nth))


def _change(slot: _Slot, was: list[_Slot], lang: str) -> str:
    if not was:
        return t(lang, "change.new", hours=slot.words(lang))
    if len(was) == 1 and (was[0].start, was[0].end) == (slot.start, slot.end):
        span = wording.span(slot.start, slot.end, lang)
        old_kind = wording.kind_label(was[0].kind, lang)
        return t(
            lang, "change.kind", span=span, kind=wording.kind_label(slot.kind, lang), was=old_kind
        )
    if all(o.kind is slot.kind for o in was):
        before = [wording.span(o.start, o.end, lang) for o in was]
    else:
        before = [o.words(lang) for o in was]
    return t(lang, "change.moved", hours=slot.words(lang), was=wording.joined(before, lang))


def _days(slots: list[_Slot], lang: str) -> str:
    """'Montag–Freitag', 'Montag und Donnerstag', 'jeden 2. und 4. Samstag im Monat'."""
    names: list[str] = []
    for run in weekday_runs({s.weekday for s in slots if not s.nth}):
        if len(run) >= 3:
            first, last = wording.weekday_name(run[0], lang), wording.weekday_name(run[-1], lang)
            names.append(f"{first}–{last}")
        else:
            names += [wording.weekday_name(day, lang) for day in run]
    names += [
        wording.nth_rule(w, nth, lang)
        for w, nth in sorted({(s.weekday, s.nth) for s in slots if s.nth})
    ]
    label = wording.joined(names, lang)
    return label[:1].upper() + label[1:]
