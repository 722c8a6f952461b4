"""Dates, times and parts of the day in German and English, resolved against an injected `now`.

A grammar of our own: dateparser misses the colloquial German citizens write ("nächsten
Mittwoch", "diesen Samstag", "halb elf", "viertel nach neun", "Ende der Woche").

Values: `date` an ISO date, `time` "HH:MM", `part_of_day` one of morning/noon/afternoon/evening.
Week-like expressions ("nächste Woche") also carry `additional_info` {"grain": "week",
"from": ISO, "to": ISO}; so do months' parts ("Ende Oktober") and named periods ("Ostern");
approximate times ("gegen neun") carry {"approximate": true}.

A wrong date is worse than a question back: where a phrase has two readings the grammar
yields no `date` but a `date_unclear` entity (value: the reason; `additional_info`
{"candidates": [ISO, ...]}) for the dialogue to ask which day is meant. Decided so:

- "nächsten Freitag" (also "next Friday", "übernächsten Freitag") when that weekday comes
  tomorrow or the day after within this week: this week's or next week's? Unclear. Three
  days or more ahead, or in the next week, it is the coming one; "kommenden" is always.
- "diesen Montag" when this week's Monday has passed: the one that passed or the next?
- "nächstes Wochenende" said Monday to Saturday: this one or the one after?
- A weekday with a date that is not that weekday ("Dienstag, den 1. Oktober"): which one?
  (With the right weekday the date wins: "Freitag, den 1. Oktober".)
- A day and month without a year that passed at most RECENT_PAST days ago ("10.9." on the
  13th): the day that passed, or next year's? The answer says it has passed and asks. Longer
  ago it is next year's ("15. Januar" said in December). A date with a year in the past is
  unclear too (candidates: that day only), so the answer says it has passed.
- "1/10": both orders are months; which one? ("9/15" can only be September 15.)
- A bare day of the month ("am 3.") is the next such day: this month's, else next month's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from nlu import holiday_names

EXTRACTOR = "DateGrammar"

WEEKDAYS = {
    "montag": 0, "monday": 0, "mon": 0, "mo": 0,
    "dienstag": 1, "tuesday": 1, "tue": 1, "tues": 1, "di": 1,
    "mittwoch": 2, "wednesday": 2, "wed": 2, "mi": 2,
    "donnerstag": 3, "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "do": 3,
    "freitag": 4, "friday": 4, "fri": 4, "fr": 4,
    "samstag": 5, "sonnabend": 5, "saturday": 5, "sat": 5, "sa": 5,
    "sonntag": 6, "sunday": 6, "sun": 6, "so": 6,
}  # fmt: skip
MONTHS = {
    "januar": 1, "jänner": 1, "jan": 1, "january": 1,
    "februar": 2, "feb": 2, "february": 2,
    "märz": 3, "maerz": 3, "marz": 3, "mär": 3, "mrz": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "okt": 10, "october": 10, "oct": 10,
    "november": 11, "nov": 11,
    "dezember": 12, "dez": 12, "december": 12, "dec": 12,
}  # fmt: skip
NUMBERS = {
    "ein": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "eins": 1, "one": 1, "a": 1, "an": 1,
    "zwei": 2, "zwo": 2, "two": 2, "drei": 3, "three": 3, "vier": 4, "four": 4,
    "fünf": 5, "fuenf": 5, "funf": 5, "five": 5, "sechs": 6, "six": 6,
    "sieben": 7, "seven": 7, "acht": 8, "eight": 8, "neun": 9, "nine": 9,
    "zehn": 10, "ten": 10, "elf": 11, "eleven": 11,
    "zwölf": 12, "zwoelf": 12, "zwolf": 12, "twelve": 12,
    "fünfzehn": 15, "fuenfzehn": 15, "fifteen": 15, "zwanzig": 20, "twenty": 20,
    "fünfundzwanzig": 25, "fuenfundzwanzig": 25, "twenty-five": 25, "twentyfive": 25,
}  # fmt: skip
PARTS = {
    "vormittag": "morning", "vormittags": "morning", "morgens": "morning", "früh": "morning",
    "frueh": "morning", "fruh": "morning", "frühmorgens": "morning", "morning": "morning",
    "mittag": "noon", "mittags": "noon", "mittagszeit": "noon", "noon": "noon",
    "lunchtime": "noon", "midday": "noon",
    "nachmittag": "afternoon", "nachmittags": "afternoon", "afternoon": "afternoon",
    "abend": "evening", "abends": "evening", "evening": "evening", "tonight": "evening",
    "morgen": "morning",
}  # fmt: skip


def _typos(word: str) -> set[str]:
    """One letter dropped or two neighbours swapped ("Mitwoch", "Dienstg", "Donnertsag"),
    never the first letter; only for long words, where such a form is no other word."""
    if len(word) < 6:
        return set()
    out = {word[:i] + word[i + 1 :] for i in range(1, len(word))}
    out |= {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(1, len(word) - 1)}
    return out - {word}


def _with_typos(words: dict[str, int]) -> dict[str, int]:
    out = {t: v for w, v in words.items() for t in _typos(w) if t not in _NOT_TYPOS}
    return out | words


_NOT_TYPOS = frozenset({"frida", "freita", "monta", "sonnta", "samsta", "augst"})  # names, words


WEEKDAYS = _with_typos(WEEKDAYS)
MONTHS = _with_typos(MONTHS)


def _alt(words: dict[str, Any] | list[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_WD = rf"(?P<wd>{_alt([w for w in WEEKDAYS if len(w) > 3])})s?"
# "am Mo." or "am Mo, 20.9."; a bare "so" or "do" is a word ("bis so gegen zehn")
_ABBR_BEFORE = r"um|gegen|ab|bis|at|vormittags?|nachmittags?|morgens|abends|morning|afternoon"
_WD_ABBR = (
    rf"(?P<wd>{_alt([w for w in WEEKDAYS if len(w) <= 4])})"
    rf"(?:\.|(?=\s*(?:[,;]|$|\d)|\s+(?:{_ABBR_BEFORE})(?!\w)))"
)
_MON = rf"(?P<mon>{_alt(MONTHS)})\.?"
_NUM = rf"(?:\d{{1,2}}|{_alt(NUMBERS)})"
_HOUR = rf"(?P<h>\d{{1,2}}|{_alt(NUMBERS)})"
# "nächsten", and as typed: "naechsten", "nächsen", "nähsten", "nächtsen"
_NAECHST = r"n(?:ä|ae|a|e)(?:chs|hs|chts|cs)t?e?[nrsm]?"
_KOMMEND = r"(?:kommende[nrsm]?|coming)"
_NEXT = rf"(?:{_NAECHST}|{_KOMMEND}|next)"
_AFTER_NEXT = rf"(?:(?:ü|ue|u)ber{_NAECHST}|the\s+(?:\w+\s+)?after\s+next)"
RECENT_PAST = 60  # days: a day and month said at most this long after it mean that day
_THIS = r"(?:diese[nrsm]?|this)"
_APPROX = (
    r"(?P<approx>gegen|so\s+gegen|so\s+um|ungefähr|ungefaehr|etwa|ca\.?|circa|around|about"
    r"|approximately|approx\.?)"
)
_BEFORE = ("vor", "bis", "before", "until", "till", "by")
_AFTER = ("nach", "ab", "after", "from")
_NEG = r"(?:(?P<neg>nicht|not)\s+)?"  # "nicht vor 9" means from 9 on
_PREP_T = (
    rf"(?:{_NEG}(?P<prep>um|at|for|{_alt([*_BEFORE, *_AFTER])})\s+|{_APPROX}\s+(?:um\s+|at\s+)?)"
)
# "in 2 Wochen", "vor 3 Tagen", "um 10 Personen": a number before a unit is no hour
_NO_UNIT = (
    r"(?!\s*(?:minuten?|stunden?|tagen?|tage|wochen?|monaten?|monate|jahren?|jahre|mal|min|std"
    r"|minutes?|hours?|days?|weeks?|months?|years?|times|personen|leute|people|kinder|euro|€|%)"
    r"(?!\w))"
)
_WEEK = r"(?:woche|week)"
_GREETING = r"(?<!guten\s)(?<!gute\s)(?<!good\s)(?<!schönen\s)(?<!schoenen\s)(?<!einen\s)"


@dataclass
class Found:
    """One recognised expression: its span and the entities it yields (each with its own span)."""

    start: int
    end: int
    entities: list[dict[str, Any]] = field(default_factory=list)


Handler = Callable[[re.Match[str], date], list[tuple[str, str, int, int, dict[str, Any]]]]
_RULES: list[tuple[str, frozenset[str], Handler]] = []
DIGIT = "0"  # the key of rules that need a digit
_LETTERS = _LETTERS_RE = re.compile(r"[^\W\d_]+")
_DIGITS = re.compile(r"\d")
_WD_KEYS = [w + s for w in WEEKDAYS if len(w) > 3 for s in ("", "s")]
_WD_ABBR_KEYS = [w for w in WEEKDAYS if len(w) <= 4]
_APPROX_KEYS = ["gegen", "so", "ungefähr", "ungefaehr", "etwa", "ca", "circa", "around", "about"]
_APPROX_KEYS += ["approximately", "approx"]


def rule(pattern: str, *keys: str) -> Callable[[Handler], Handler]:
    """Adds a rule; it is tried only on messages holding one of `keys` (a word, or DIGIT)."""

    def add(fn: Handler) -> Handler:
        _RULES.append((rf"(?<![\w@.])(?:{pattern})(?![\w@])", frozenset(keys), fn))
        return fn

    return add


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """A rule's regex, compiled when a message first holds one of its keys: most messages
    touch few rules, and compiling all of them at import cost every start a tenth of a second."""
    return re.compile(pattern)


def number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS[word]


def whole(m: re.Match[str] | _Span, kind: str, value: str, **info: Any):
    return [(kind, value, m.start(), m.end(), info)]


def upcoming(today: date, weekday: int) -> date:
    """The next such weekday strictly after today ("am Montag" said on a Monday is next week)."""
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def this_week(today: date, weekday: int) -> date:
    """That weekday of the current week if not past, else the next one ("diesen Samstag")."""
    d = today + timedelta(days=weekday - today.weekday())
    return d if d >= today else d + timedelta(days=7)


def monday(today: date, weeks: int = 0) -> date:
    return today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)


def week(start: date, end: date, value: date | None = None):
    return (value or start).isoformat(), {
        "grain": "week",
        "from": start.isoformat(),
        "to": end.isoformat(),
    }


def future_date(today: date, day: int, month: int, year: int | None) -> date | None:
    """A day and month without a year mean the next such day from today on."""
    try:
        if year is not None:
            return date(year + 2000 if year < 100 else year, month, day)
        d = date(today.year, month, day)
        return d if d >= today else date(today.year + 1, month, day)
    except ValueError:
        if year is None and (month, day) == (2, 29):
            y = next(y for y in range(today.year, today.year + 8) if _leap(y))
            return date(y, 2, 29)
        return None


def unclear(m: re.Match[str] | _Span, reason: str, *candidates: date, **info: Any):
    """No date, but the readings for the dialogue to ask about."""
    days = [d.isoformat() for d in candidates]
    return [("date_unclear", reason, m.start(), m.end(), {"candidates": days, **info})]


def explicit(m: re.Match[str], today: date, day: int, month: int, year: int | None):
    """A date said with its day and month: that date, unless it has just passed (or its year
    is past): then unclear, with next year's as the other reading."""
    d = future_date(today, day, month, year)
    if d is None:
        return []
    if year is None and d.year > today.year:
        this_year = future_date(today, day, month, today.year)
        if this_year and (today - this_year).days <= RECENT_PAST:
            return unclear(m, "past", this_year, d)
    if d < today and year is not None:
        return unclear(m, "past", d)
    return whole(m, "date", d.isoformat(), _explicit=True)


def _leap(y: int) -> bool:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


# --- dates ---------------------------------------------------------------------------------


@rule(
    r"(?P<d>heute|heut|today|tonight)\s+(?P<p>morgen|früh|frueh|fruh|vormittag|nachmittag|abend|morning|afternoon|evening|night)",
    "heute",
    "heut",
    "today",
    "tonight",
)
def _today_part(m, today):
    part = PARTS.get(m["p"], "evening")
    return [
        ("date", today.isoformat(), m.start("d"), m.end("d"), {}),
        ("part_of_day", part, m.start("p"), m.end("p"), {}),
    ]


@rule(
    r"(?:(?:am\s+|on\s+)?(?:the\s+)?day\s+after\s+tomorrow|(?:ü|ue|u)bermorgen)",
    "tomorrow",
    "übermorgen",
    "uebermorgen",
    "ubermorgen",
)
def _day_after_tomorrow(m, today):
    return whole(m, "date", (today + timedelta(days=2)).isoformat())


@rule(
    rf"{_GREETING}(?P<d>morgen|tomorrow)(?:\s+(?P<p>früh|frueh|fruh|morning|vormittag|nachmittag|abend|afternoon|evening|mittag))?",
    "morgen",
    "tomorrow",
)
def _tomorrow(m, today):
    out = [("date", (today + timedelta(days=1)).isoformat(), m.start("d"), m.end("d"), {})]
    if m["p"]:
        out.append(("part_of_day", PARTS[m["p"]], m.start("p"), m.end("p"), {}))
    return out


@rule(r"(?:heute|heut|today|tonight)", "heute", "heut", "today", "tonight")
def _today(m, today):
    out = whole(m, "date", today.isoformat())
    if m[0] == "tonight":
        out.append(("part_of_day", "evening", m.start(), m.end(), {}))
    return out


@rule(r"(?:gestern|yesterday)", "gestern", "yesterday")
def _yesterday(m, today):
    return whole(m, "date", (today - timedelta(days=1)).isoformat())


@rule(r"(?:vorgestern|(?:the\s+)?day\s+before\s+yesterday)", "vorgestern", "yesterday")
def _day_before_yesterday(m, today):
    return whole(m, "date", (today - timedelta(days=2)).isoformat())


_GENERIC_NAME_WORDS = {"erster", "zweiter", "second", "heilige", "heiligen", "heiliger", "world"}
_HOLIDAY_KEYS = {
    w for n in holiday_names.NAMES for w in _LETTERS_RE.findall(n) if len(w) >= 4 or w == "eve"
} - _GENERIC_NAME_WORDS


@rule(
    r"(?:(?:am|an|zu|über|ueber|bis|on|at|over|for|until)\s+)?(?:(?:dem|den|der|the)\s+)?"
    rf"(?P<name>{holiday_names.pattern()})",
    *_HOLIDAY_KEYS,
)
def _holiday(m, today):
    """Heiligabend, Karfreitag, Pfingstmontag, Christmas Eve …: the next one (or the one that
    just passed: unclear); a period such as Ostern carries its first and last day."""
    name = holiday_names.canonical(m["name"])
    found = holiday_names.next_span(name, today, RECENT_PAST) if name else None
    if not found:
        return []
    first, last, passed = found
    if passed:
        later = holiday_names.next_span(name, last + timedelta(days=1), 0)
        return unclear(m, "past", first, *([later[0]] if later else []))
    if first == last:
        return whole(m, "date", first.isoformat(), _explicit=True)
    return whole(m, "date", first.isoformat(), grain="period", **_span(first, last))


def _span(first: date, last: date) -> dict[str, str]:
    return {"from": first.isoformat(), "to": last.isoformat()}


ORDINALS = {
    "1.": 1, "2.": 2, "3.": 3, "4.": 4, "5.": 5, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5,
    "erste": 1, "ersten": 1, "erster": 1, "zweite": 2, "zweiten": 2, "zweiter": 2,
    "dritte": 3, "dritten": 3, "dritter": 3, "vierte": 4, "vierten": 4, "vierter": 4,
    "fünfte": 5, "fünften": 5, "fuenften": 5, "letzte": -1, "letzten": -1, "letzter": -1,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1,
}  # fmt: skip


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date | None:
    """The n-th (or with -1 the last) such weekday of a month; None if there is no such."""
    if n < 0:
        last = _add_months(date(year, month, 1), 1) - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    d = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    return d if d.month == month else None


_ORD_WORDS = _alt([k for k in ORDINALS if not k.endswith(".")])


@rule(
    rf"(?:(?:am|den|der|die|the|on\s+the)\s+)?(?P<ord>[1-5]\.|{_ORD_WORDS})\s+{_WD}"
    rf"\s+(?:im|in|of|des|vom)\s+"
    rf"(?:(?:(?P<rel>{_NEXT}|{_THIS}|dem|the|des)\s+)?(?:monats?|month)|{_MON})",
    *_WD_KEYS,
)
def _nth_weekday_of_month(m, today):
    """'der 2. Samstag im Oktober', 'the last Friday of the month', 'am ersten Montag im
    nächsten Monat'."""
    n, wd = ORDINALS[m["ord"]], WEEKDAYS[m["wd"]]
    if not m["mon"]:
        ahead = 1 if m["rel"] and re.fullmatch(_NEXT, m["rel"]) else 0
        start = _add_months(today.replace(day=1), ahead)
        d = nth_weekday(start.year, start.month, wd, n)
        if d and d < today and not ahead:  # "am letzten Freitag im Monat", this one's passed
            start = _add_months(start, 1)
            d = nth_weekday(start.year, start.month, wd, n)
        return whole(m, "date", d.isoformat(), _explicit=True) if d else []
    month = MONTHS[m["mon"]]
    this_year = nth_weekday(today.year, month, wd, n)
    if this_year and this_year >= today:
        return whole(m, "date", this_year.isoformat(), _explicit=True)
    d = nth_weekday(today.year + 1, month, wd, n)
    if d is None:
        return []
    if this_year and (today - this_year).days <= RECENT_PAST:
        return unclear(m, "past", this_year, d)
    return whole(m, "date", d.isoformat(), _explicit=True)


@rule(rf"(?:(?:am|on)\s+)?{_WD}\s+in\s+(?P<n>{_NUM})\s+(?:wochen?|weeks?)", *_WD_KEYS)
@rule(rf"in\s+(?P<n>{_NUM})\s+(?:wochen?|weeks?)\s*,?\s*(?:(?:am|on)\s+)?{_WD}", *_WD_KEYS)
def _weekday_in_weeks(m, today):
    """'Donnerstag in zwei Wochen': that weekday in the week N weeks from now. Where that
    and the coming such weekday plus N weeks differ (said on Friday about a Monday), unclear."""
    n, wd = number(m["n"]), WEEKDAYS[m["wd"]]
    week_of = monday(today, n) + timedelta(days=wd)
    coming = upcoming(today, wd) + timedelta(weeks=n)
    if coming != week_of:
        return unclear(m, "weeks_from", week_of, coming)
    return whole(m, "date", week_of.isoformat())


@rule(rf"(?P<n>{_NUM})\s+weeks?\s+from\s+{_WD}", *_WD_KEYS)
def _weeks_from_weekday(m, today):
    """'two weeks from Thursday': the coming Thursday, then N weeks on."""
    d = upcoming(today, WEEKDAYS[m["wd"]]) + timedelta(weeks=number(m["n"]))
    return whole(m, "date", d.isoformat())


@rule(
    rf"(?P<base>heute|morgen|today|tomorrow)\s+in\s+(?P<n>{_NUM})\s+(?:wochen?|weeks?)"
    rf"|(?P<n2>{_NUM})\s+weeks?\s+(?:from\s+)?(?P<base2>today|tomorrow)",
    "heute", "morgen", "today", "tomorrow",
)  # fmt: skip
def _day_in_weeks(m, today):
    base = m["base"] or m["base2"]
    n = number(m["n"] or m["n2"])
    start = today + timedelta(days=1 if base in ("morgen", "tomorrow") else 0)
    return whole(m, "date", (start + timedelta(weeks=n)).isoformat())


_MONTH_PARTS = {
    "anfang": 1, "beginning": 1, "start": 1, "early": 1,
    "mitte": 2, "middle": 2, "mid": 2,
    "ende": 3, "end": 3, "late": 3,
}  # fmt: skip


@rule(
    rf"(?:(?:am|zum|bis|gegen|in\s+the|at\s+the|by\s+the|the)\s+)?(?P<part>{_alt(_MONTH_PARTS)})"
    rf"\s*-?\s*(?:of\s+|des\s+)?(?:monats\s+)?{_MON}(?:\s+(?P<y>\d{{4}}))?",
    *_MONTH_PARTS,
)
def _part_of_month(m, today):
    """'Anfang Oktober' is the 1st to the 10th, 'Mitte' the 11th to the 20th, 'Ende' the rest."""
    part, month = _MONTH_PARTS[m["part"]], MONTHS[m["mon"]]
    year = int(m["y"]) if m["y"] else today.year
    first, last = _month_part(year, month, part)
    if not m["y"] and last < today:
        if (today - last).days <= RECENT_PAST:
            return unclear(m, "past", first, _month_part(year + 1, month, part)[0])
        first, last = _month_part(year + 1, month, part)
    if last < today:
        return unclear(m, "past", first)
    value = max(first, today)
    return whole(m, "date", value.isoformat(), grain="month_part", **_span(value, last))


def _month_part(year: int, month: int, part: int) -> tuple[date, date]:
    first = date(year, month, 1 + 10 * (part - 1))
    end = _add_months(date(year, month, 1), 1) - timedelta(days=1)
    return first, (end if part == 3 else first + timedelta(days=9))


@rule(
    rf"(?:(?:im|in|für|fuer|for)\s+)?(?:(?:der|dem|den|the)\s+)?(?P<which>{_AFTER_NEXT}|{_NEXT}|{_THIS})\s+(?:monat|month)",
    "monat", "month",
)  # fmt: skip
def _whole_month(m, today):
    """'nächsten Monat', 'übernächsten Monat', 'diesen Monat': the month, from today on."""
    which = m["which"]
    ahead = 2 if re.fullmatch(_AFTER_NEXT, which) else 1 if re.fullmatch(_NEXT, which) else 0
    first = _add_months(today.replace(day=1), ahead)
    last = _add_months(first, 1) - timedelta(days=1)
    first = max(first, today)
    return whole(m, "date", first.isoformat(), grain="month", **_span(first, last))


@rule(
    rf"mitte\s+(?:der\s+|dieser\s+)?(?P<next>{_NEXT}\s+)?woche|(?:the\s+)?middle\s+of\s+(?P<next2>next\s+)?(?:the\s+|this\s+)?week|midweek",
    "mitte", "middle", "midweek",
)  # fmt: skip
def _mid_week(m, today):
    """'Mitte der Woche' is Wednesday (next week's once this one's has passed)."""
    weeks = 1 if (m["next"] or m["next2"]) else 0
    d = monday(today, weeks) + timedelta(days=2)
    if d < today:
        d += timedelta(days=7)
    return whole(m, "date", d.isoformat(), grain="mid_week")


@rule(
    rf"(?:(?:am|on)\s+)?{_WD}\s+(?P<p>früh|frueh|fruh|morgen|vormittag|mittag|nachmittag|abend|morning|afternoon|evening)",
    *_WD_KEYS,
)
def _weekday_part(m, today):
    """'Donnerstag früh', 'Dienstag Nachmittag', 'Friday morning'."""
    wd = WEEKDAYS[m["wd"]]
    return [
        ("date", upcoming(today, wd).isoformat(), m.start(), m.end("wd"), {"_weekday": wd}),
        ("part_of_day", PARTS[m["p"]], m.start("p"), m.end("p"), {}),
    ]


@rule(rf"(?:(?:am|on|für|fuer|for)\s+)?{_AFTER_NEXT}\s+{_WD}", *_WD_KEYS)
def _after_next_weekday(m, today):
    d = upcoming(today, WEEKDAYS[m["wd"]])
    if _next_is_unclear(today, d):
        return unclear(m, "next_weekday", d + timedelta(days=7), d + timedelta(days=14))
    return whole(m, "date", (d + timedelta(days=7)).isoformat())


def _next_is_unclear(today: date, d: date) -> bool:
    """'nächsten Samstag' said on Thursday: the day after tomorrow, or next week's?"""
    return (d - today).days <= 2 and d.isocalendar()[:2] == today.isocalendar()[:2]


@rule(
    rf"(?:(?:am|on)\s+)?{_WD}\s*,?\s*(?:(?:in\s+der\s+)?{_NEXT}\s+{_WEEK}|{_NEXT}\s+{_WEEK})",
    *_WD_KEYS,
)
@rule(
    rf"(?:{_NEXT}\s+{_WEEK}|in\s+der\s+{_NEXT}\s+{_WEEK})\s*,?\s*(?:(?:am|on)\s+)?{_WD}", *_WD_KEYS
)
def _weekday_next_week(m, today):
    return whole(m, "date", (monday(today, 1) + timedelta(days=WEEKDAYS[m["wd"]])).isoformat())


@rule(rf"(?:(?:am|on|für|fuer|for|bis|until|by)\s+)?{_NEXT}\s+{_WD}", *_WD_KEYS)
def _next_weekday(m, today):
    d = upcoming(today, WEEKDAYS[m["wd"]])
    said = m[0]
    if _next_is_unclear(today, d) and not re.search(_KOMMEND, said):
        return unclear(m, "next_weekday", d, d + timedelta(days=7))
    return whole(m, "date", d.isoformat())


@rule(rf"(?:(?:am|on|für|fuer|for|bis|until|by)\s+)?{_THIS}\s+{_WD}", *_WD_KEYS)
def _this_weekday(m, today):
    d = this_week(today, WEEKDAYS[m["wd"]])
    if d - timedelta(days=7) >= monday(today):  # this week's has passed: that one or the next?
        return unclear(m, "this_weekday_passed", d - timedelta(days=7), d)
    return whole(m, "date", d.isoformat())


@rule(rf"(?:am|on|bis|until|by|ab|from)\s+{_WD_ABBR}", *_WD_ABBR_KEYS)
@rule(rf"(?:am|on|bis|until|by|ab|from)\s+{_WD}", *_WD_KEYS)
@rule(_WD, *_WD_KEYS)
def _weekday(m, today):
    wd = WEEKDAYS[m["wd"]]
    return whole(m, "date", upcoming(today, wd).isoformat(), _weekday=wd)


@rule(
    rf"(?:in\s+|within\s+)(?P<n>{_NUM}|ein\s+paar|a\s+few|couple\s+of|a\s+couple\s+of)\s+(?P<u>tag(?:e|en)?|days?|wochen?|weeks?|monat(?:e|en)?|months?)",
    "in",
    "within",
)
def _in_n_units(m, today):
    n_text = m["n"]
    n = 3 if " " in n_text else number(n_text)
    unit = m["u"]
    if unit.startswith(("tag", "day")):
        d = today + timedelta(days=n)
    elif unit.startswith(("woche", "week")):
        d = today + timedelta(weeks=n)
    else:
        d = _add_months(today, n)
    return whole(m, "date", d.isoformat())


def _add_months(d: date, n: int) -> date:
    y, mo = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, mo + 1
    for day in range(d.day, 27, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return date(year, month, min(d.day, 28))


@rule(
    r"(?:(?:am\s+|zum\s+|bis\s+zum\s+|by\s+the\s+|at\s+the\s+)?ende\s+(?:der|dieser|this|the)\s+woche|(?:by\s+|at\s+)?(?:the\s+)?end\s+of\s+(?:the|this)\s+week|wochenende\s+hin)",
    "ende",
    "end",
    "wochenende",
)
def _end_of_week(m, today):
    """Friday of this week: the office's last weekday (next week's once this one's has passed)."""
    friday = monday(today) + timedelta(days=4)
    if friday < today:
        friday += timedelta(days=7)
    return whole(m, "date", friday.isoformat(), grain="end_of_week")


@rule(
    rf"(?:(?:am\s+|zum\s+|bis\s+zum\s+|by\s+the\s+|at\s+the\s+)?ende\s+(?:der\s+)?{_NEXT}\s+woche|(?:by\s+|at\s+)?(?:the\s+)?end\s+of\s+next\s+week)",
    "ende",
    "end",
)
def _end_of_next_week(m, today):
    friday = monday(today, 1) + timedelta(days=4)
    return whole(m, "date", friday.isoformat(), grain="end_of_week")


@rule(
    rf"(?:anfang\s+(?:der\s+)?{_NEXT}\s+woche|early\s+next\s+week|(?:at\s+the\s+)?(?:beginning|start)\s+of\s+next\s+week)",
    "anfang",
    "early",
    "beginning",
    "start",
)
def _start_of_next_week(m, today):
    return whole(m, "date", monday(today, 1).isoformat(), grain="start_of_week")


@rule(
    rf"(?:(?:in\s+der\s+|für\s+die\s+|fuer\s+die\s+)?{_NEXT}\s+{_WEEK}|(?:in\s+)?(?:the\s+)?week\s+after\s+next|(?:in\s+der\s+)?{_AFTER_NEXT}\s+{_WEEK})",
    "woche",
    "week",
)
def _next_week(m, today):
    weeks = 2 if ("after" in m[0] or "bern" in m[0]) else 1
    start = monday(today, weeks)
    value, info = week(start, start + timedelta(days=6))
    return whole(m, "date", value, **info)


@rule(rf"(?:(?:in\s+)?{_THIS}\s+{_WEEK}|(?:later\s+)?this\s+week)", "woche", "week")
def _this_week(m, today):
    value, info = week(today, monday(today) + timedelta(days=6))
    return whole(m, "date", value, **info)


@rule(
    r"(?:(?:am|an\s+diesem|dieses|this|at\s+the|on\s+the|over\s+the)\s+)?(?:wochenende|weekend)",
    "wochenende",
    "weekend",
)
def _weekend(m, today):
    sat = this_week(today, 5) if today.weekday() != 6 else today
    return whole(m, "date", sat.isoformat(), grain="weekend")


@rule(rf"(?:(?:am\s+|zum\s+)?{_NEXT}\s+wochenende|next\s+weekend)", "wochenende", "weekend")
def _next_weekend(m, today):
    saturday = monday(today, 1) + timedelta(days=5)
    if today.weekday() != 6:  # said before the weekend's Sunday: this one or the one after?
        return unclear(m, "next_weekend", saturday - timedelta(days=7), saturday)
    return whole(m, "date", saturday.isoformat(), grain="weekend")


@rule(
    r"(?:(?:zum\s+|am\s+|bis\s+zum\s+)?(?:monatsende|ende\s+(?:des|dieses)\s+monats)|(?:at\s+|by\s+)?(?:the\s+)?end\s+of\s+(?:the|this)\s+month)",
    "monatsende",
    "ende",
    "end",
)
def _end_of_month(m, today):
    last = _add_months(today.replace(day=1), 1) - timedelta(days=1)
    return whole(m, "date", last.isoformat(), grain="end_of_month")


@rule(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})", DIGIT)
def _iso(m, today):
    return explicit(m, today, int(m["d"]), int(m["m"]), int(m["y"]))


@rule(
    r"(?:(?:am|den|zum|bis|ab|vom|on|by)\s+)?(?:(?P<wdp>mo|di|mi|do|fr|sa|so)\.?,?\s+)?(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})(?:\.(?:\s?(?P<y>\d{4}|\d{2}(?!\d)))?|(?![\d:]))",
    DIGIT,
)
def _numeric(m, today):
    found = explicit(m, today, int(m["d"]), int(m["m"]), int(m["y"]) if m["y"] else None)
    if m["wdp"] and found and found[0][0] == "date":
        return _with_weekday(m, WEEKDAYS[m["wdp"]], date.fromisoformat(found[0][1]), today)
    return found


def _with_weekday(m: re.Match[str] | _Span, weekday: int, d: date, today: date):
    """A weekday with a date: the date if they agree, else unclear between the date and that
    weekday nearest to it (a later one if the nearest has passed)."""
    if d.weekday() == weekday:
        return whole(m, "date", d.isoformat())
    before = d - timedelta(days=(d.weekday() - weekday) % 7)
    after = before + timedelta(days=7)
    near = before if (d - before) <= (after - d) and before >= today else after
    return unclear(m, "weekday_mismatch", d, near, weekday=weekday)


@rule(r"(?:(?:on|by|am|den)\s+)?(?P<d>\d{1,2})/(?P<m>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?", DIGIT)
def _slashed(m, today):
    day, month = int(m["d"]), int(m["m"])
    year = int(m["y"]) if m["y"] else None
    if month > 12 >= day:  # 9/15: an American order
        day, month = month, day
    elif day <= 12 and month <= 12 and day != month:  # 1/10: January 10 or 1 October?
        readings = [future_date(today, day, month, year), future_date(today, month, day, year)]
        return unclear(m, "order", *sorted(d for d in readings if d))
    return explicit(m, today, day, month, year)


@rule(
    rf"(?:(?:am|den|zum|bis\s+zum|ab\s+dem|vom|on|by)\s+)?(?:the\s+)?(?P<d>\d{{1,2}})(?:\.|st|nd|rd|th|ter|ten)?\s*(?:of\s+)?{_MON}(?:\s*,?\s*(?P<y>\d{{4}}))?",
    DIGIT,
)
def _day_month(m, today):
    return explicit(m, today, int(m["d"]), MONTHS[m["mon"]], int(m["y"]) if m["y"] else None)


@rule(
    rf"(?:(?:on|by)\s+)?{_MON}\s+(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,?\s*(?P<y>\d{{4}}))?",
    DIGIT,
)
def _month_day(m, today):
    return explicit(m, today, int(m["d"]), MONTHS[m["mon"]], int(m["y"]) if m["y"] else None)


@rule(
    r"(?:am|den|zum|bis\s+zum|on\s+the|by\s+the|the)\s+(?P<d>\d{1,2})(?:\.|st|nd|rd|th|ten|ter)(?!\s*\d)",
    DIGIT,
)
def _day_of_month(m, today):
    day = int(m["d"])
    for months in range(3):
        start = _add_months(today.replace(day=1), months)
        try:
            d = start.replace(day=day)
        except ValueError:
            continue
        if d >= today:
            return whole(m, "date", d.isoformat(), _explicit=True)
    return []


# --- times ---------------------------------------------------------------------------------


def clock(h: int, minute: int, m: re.Match[str], meridiem: str | None = None) -> list:
    """HH:MM; office talk puts a bare 1 to 6 in the afternoon ("um 3" is 15:00)."""
    if meridiem in ("pm", "p.m.", "nachmittags", "abends") and h < 12:
        h += 12
    elif meridiem in ("am", "a.m.") and h == 12:
        h = 0
    elif meridiem is None and 1 <= h <= 6:
        h += 12
    if not (0 <= h <= 24 and 0 <= minute < 60) or (h == 24 and minute):
        return []
    groups = m.groupdict()
    info: dict[str, Any] = {"approximate": True} if groups.get("approx") else {}
    bound = (
        "before"
        if groups.get("prep") in _BEFORE
        else "after"
        if groups.get("prep") in _AFTER
        else None
    )
    if bound and groups.get("neg"):
        bound = "after" if bound == "before" else "before"
    if bound:
        info["bound"] = bound  # before: "bis 10", "vor 9"; after: "ab 14 Uhr", "nicht vor 9"
    return [("time", f"{h % 24:02d}:{minute:02d}", m.start(), m.end(), info)]


_AFTER_AM = r"on|tomorrow|today|next|this|in|at|or|and|please|if|would|is|works|the|sharp"
# "10 am" is English only where English follows: "ich bin 10 am Stück gelaufen" is not a time
_MERIDIEM = rf"(?:\s*(?P<mer>a\.m\.|p\.m\.|pm|am(?=\s*$|\s*[^\w\s]|\s+(?:{_AFTER_AM})(?!\w))))"


@rule(rf"{_PREP_T}?(?P<h>\d{{1,2}})\s*(?::|h)\s*(?P<mi>\d{{2}})(?:\s*uhr)?{_MERIDIEM}?", DIGIT)
def _hh_colon_mm(m, today):
    return clock(int(m["h"]), int(m["mi"]), m, m["mer"])


@rule(rf"{_PREP_T}?(?P<h>\d{{1,2}})\.(?P<mi>\d{{2}})(?:\s*uhr|{_MERIDIEM})", DIGIT)
@rule(r"(?:um|ab|bis|gegen|so\s+gegen|at|around)\s+(?P<h>\d{1,2})\.(?P<mi>\d{2})(?!\.?\d)", DIGIT)
def _hh_dot_mm(m, today):
    return clock(int(m["h"]), int(m["mi"]), m, m.groupdict().get("mer"))


@rule(rf"{_PREP_T}?{_HOUR}\s*uhr(?:\s+(?P<mi>\d{{1,2}}))?", "uhr")
def _hour_uhr(m, today):
    return clock(number(m["h"]), int(m["mi"] or 0), m)


@rule(rf"{_PREP_T}?{_HOUR}\s*(?:o'?clock|o’clock)", "clock", "oclock")
@rule(rf"{_PREP_T}?(?P<h>\d{{1,2}}){_MERIDIEM}", DIGIT)
def _hour_meridiem(m, today):
    return clock(number(m["h"]), 0, m, m.groupdict().get("mer"))


@rule(
    rf"{_PREP_T}?(?P<half>halb|half(?:\s+past)?)\s+{_HOUR}(?:\s*uhr|\s*o'?clock)?", "halb", "half"
)
def _half(m, today):
    """German 'halb elf' is 10:30; English 'half past ten' and British 'half ten' are 10:30 too."""
    h = number(m["h"])
    return clock((h - 1) % 24 if m["half"] == "halb" else h, 30, m)


@rule(
    rf"{_PREP_T}?(?P<mi>viertel|(?:a\s+)?quarter|{_NUM}(?:\s+minuten|\s+minutes)?)\s+(?P<dir>nach|vor|past|after|to|before)\s+(?P<halb>halb\s+)?{_HOUR}(?:\s*uhr)?",
    "nach",
    "vor",
    "past",
    "after",
    "to",
    "before",
)
def _minutes_to_from(m, today):
    mi_text = m["mi"]
    minutes = 15 if ("viertel" in mi_text or "quarter" in mi_text) else number(mi_text.split()[0])
    if minutes >= 30:
        return []
    h = number(m["h"])
    base = (h - 1) * 60 + 30 if m["halb"] else h * 60
    total = base + minutes if m["dir"] in ("nach", "past", "after") else base - minutes
    return clock((total // 60) % 24, total % 60, m)


@rule(
    rf"(?:um\s+|at\s+)?(?P<approx>kurz|gleich|knapp)\s+(?P<dir>nach|vor|after|before)\s+{_HOUR}(?:\s*uhr)?",
    "kurz",
    "gleich",
    "knapp",
)
def _shortly(m, today):
    """'kurz nach zehn' is about 10:05, 'kurz vor zehn' about 09:55."""
    total = number(m["h"]) * 60 + (5 if m["dir"] in ("nach", "after") else -5)
    return clock((total // 60) % 24, total % 60, m)


@rule(
    rf"{_PREP_T}?(?P<q>dreiviertel|drei\s+viertel|viertel)\s+{_HOUR}(?:\s*uhr)?",
    "viertel",
    "dreiviertel",
)
def _east_quarter(m, today):
    """Brandenburg says 'viertel zehn' for 09:15 and 'dreiviertel zehn' for 09:45."""
    return clock((number(m["h"]) - 1) % 24, 15 if m["q"] == "viertel" else 45, m)


_CLOCK = r"(?P<{0}>\d{{1,2}})(?:[:.](?P<{0}m>\d{{2}}))?(?:\s*uhr)?"


@rule(
    rf"(?:(?:zwischen|between|von|from)\s+)?{_CLOCK.format('a')}\s*(?:und|and|bis|to|-|–)\s*"
    rf"{_CLOCK.format('b')}{_MERIDIEM}?",
    DIGIT,
)
def _time_range(m, today):
    """'zwischen 12 und 13 Uhr', '9-11 Uhr': a lower bound, then an upper one."""
    if not (m[0][0].isalpha() or "uhr" in m[0] or m["mer"]):
        return []  # "1-3" alone is no time range
    mer = m["mer"]
    start = clock(int(m["a"]), int(m["am"] or 0), m, mer)
    end = clock(int(m["b"]), int(m["bm"] or 0), m, mer)
    if not (start and end):
        return []
    return [
        (
            "time",
            start[0][1],
            m.start(),
            m.end("a") if not m["am"] else m.end("am"),
            {"bound": "after"},
        ),
        ("time", end[0][1], m.start("b"), m.end(), {"bound": "before"}),
    ]


@rule(
    rf"(?:{_NEG}(?P<prep>um|at|{_alt([*_BEFORE, *_AFTER])})|gegen|so\s+gegen|so\s+um|around|about)"
    rf"\s+{_HOUR}(?![.:/]\d){_NO_UNIT}",
    *("um", "gegen", "at", "around", "about", *_BEFORE, *_AFTER),
)
@rule(rf"{_APPROX}\s+{_HOUR}(?![.:/]\d){_NO_UNIT}", *_APPROX_KEYS)
def _bare_hour(m, today):
    if m["h"] in ("a", "an", "ein", "eine", "einen", "einem", "einer"):
        return []
    return clock(number(m["h"]), 0, m)


@rule(
    r"(?:at\s+|um\s+)?(?:noon|midnight|mitternacht)|mittags\s+um\s+(?:zwölf|zwoelf|12)",
    "noon",
    "midnight",
    "mitternacht",
    "mittags",
)
def _noon_midnight(m, today):
    return whole(m, "time", "12:00" if "noon" in m[0] or "mittag" in m[0] else "00:00")


# --- parts of the day ---------------------------------------------------------------------


@rule(
    rf"(?:(?:am|in\s+the|im\s+laufe\s+des|during\s+the|im|in)\s+)?{_GREETING}(?P<p>vormittags?|nachmittags?|morgens|abends|mittags?|morning|afternoon|evening|noon|lunchtime|midday|frühmorgens)",
    *PARTS,
)
@rule(r"(?:am|in\s+the)\s+(?P<p>morgen|abend)", "morgen", "abend")
@rule(r"(?P<p>früh|frueh)\s+am\s+morgen", "früh", "frueh")
def _part_of_day(m, today):
    return whole(m, "part_of_day", PARTS[m["p"]])


# --- the extraction -----------------------------------------------------------------------


def candidates(low: str, today: date) -> Iterator[Found]:
    words = set(_LETTERS.findall(low))
    if _DIGITS.search(low):
        words.add(DIGIT)
    for pattern, keys, handler in _RULES:
        if keys.isdisjoint(words):
            continue
        for m in _compiled(pattern).finditer(low):
            ents = handler(m, today)
            if ents:
                yield Found(
                    m.start(),
                    m.end(),
                    [_entity(kind, value, s, e, info) for kind, value, s, e, info in ents],
                )


def _entity(kind: str, value: str, start: int, end: int, info: dict[str, Any]) -> dict[str, Any]:
    ent: dict[str, Any] = {
        "entity": kind,
        "start": start,
        "end": end,
        "value": value,
        "extractor": EXTRACTOR,
    }
    if info:
        ent["additional_info"] = info
    return ent


def extract(low: str, today: date) -> list[dict[str, Any]]:
    """Entities from `low` (the message lower-cased, same length): longest expressions win;
    then a weekday beside a date is checked against it, and a part of the day beside a time
    sets its half of the day ("halb 8 abends" is 19:30)."""
    found = sorted(candidates(low, today), key=lambda f: (f.start - f.end, f.start))
    taken: list[Found] = []
    for f in found:
        if all(f.end <= t.start or f.start >= t.end for t in taken):
            taken.append(f)
    entities = [e for f in sorted(taken, key=lambda f: f.start) for e in f.entities]
    entities = _weekday_with_date(low, entities, today)
    _part_of_day_sets_half(low, entities)
    for e in entities:
        info = e.get("additional_info")
        if info and any(k.startswith("_") for k in info):
            info = {k: v for k, v in info.items() if not k.startswith("_")}
            if info:
                e["additional_info"] = info
            else:
                del e["additional_info"]
    return entities


_WD_DATE_GAP = re.compile(r"[\s,]*(?:(?:den|dem|der|the)\s+)?")
_PART_TIME_GAP = re.compile(r"[\s,]*")


def _weekday_with_date(low: str, ents: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """'Freitag, den 1. Oktober': one date, the said one; 'Dienstag, den 1. Oktober': unclear."""
    out: list[dict[str, Any]] = []
    for e in ents:
        prev = out[-1] if out else None
        weekday = (prev.get("additional_info") or {}).get("_weekday") if prev else None
        if (
            prev is not None
            and weekday is not None
            and _WD_DATE_GAP.fullmatch(low, prev["end"], e["start"])
            and ((e.get("additional_info") or {}).get("_explicit") or e["entity"] == "date_unclear")
        ):
            if e["entity"] == "date":
                m = _Span(prev["start"], e["end"])
                kind, value, s, end, info = _with_weekday(
                    m, weekday, date.fromisoformat(e["value"]), today
                )[0]
                out[-1] = _entity(kind, value, s, end, info)
            else:
                out[-1] = {**e, "start": prev["start"]}
            continue
        out.append(e)
    return out


class _Span:
    """The start and end of a merged expression, as a match would give them."""

    def __init__(self, start: int, end: int):
        self._start, self._end = start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end


def _part_of_day_sets_half(low: str, ents: list[dict[str, Any]]) -> None:
    """A time beside 'abends'/'nachmittags' is in the afternoon, beside 'morgens'/'früh' in the
    morning ('um 6 Uhr morgens' is 06:00, though a bare 6 is 18:00 in office talk)."""
    for a, b in zip(ents, ents[1:], strict=False):
        pair = {a["entity"], b["entity"]}
        if pair != {"time", "part_of_day"} or not _PART_TIME_GAP.fullmatch(
            low, a["end"], b["start"]
        ):
            continue
        t, part = (a, b) if a["entity"] == "time" else (b, a)
        h, mi = (int(x) for x in t["value"].split(":"))
        if part["value"] in ("afternoon", "evening") and h < 12:
            h += 12
        elif part["value"] == "morning" and 13 <= h <= 18:
            h -= 12
        t["value"] = f"{h:02d}:{mi:02d}"
