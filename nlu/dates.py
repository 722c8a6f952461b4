"""Dates, times and parts of the day in German and English, resolved against an injected `now`.

A grammar of our own: dateparser misses the colloquial German citizens write ("nächsten
Mittwoch", "diesen Samstag", "halb elf", "viertel nach neun", "Ende der Woche").

Values: `date` an ISO date, `time` "HH:MM", `part_of_day` one of morning/noon/afternoon/evening.
Week-like expressions ("nächste Woche") also carry `additional_info` {"grain": "week",
"from": ISO, "to": ISO}; approximate times ("gegen neun") carry {"approximate": true}.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

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
_NEXT = r"(?:n(?:ä|ae|a)chste[nrsm]?|kommende[nrsm]?|next|coming)"
_AFTER_NEXT = r"(?:(?:ü|ue|u)bern(?:ä|ae|a)chste[nrsm]?|the\s+(?:\w+\s+)?after\s+next)"
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
_RULES: list[tuple[re.Pattern[str], frozenset[str], Handler]] = []
DIGIT = "0"  # the key of rules that need a digit
_LETTERS = re.compile(r"[^\W\d_]+")
_DIGITS = re.compile(r"\d")
_WD_KEYS = [w + s for w in WEEKDAYS if len(w) > 3 for s in ("", "s")]
_WD_ABBR_KEYS = [w for w in WEEKDAYS if len(w) <= 4]
_APPROX_KEYS = ["gegen", "so", "ungefähr", "ungefaehr", "etwa", "ca", "circa", "around", "about"]
_APPROX_KEYS += ["approximately", "approx"]


def rule(pattern: str, *keys: str) -> Callable[[Handler], Handler]:
    """Adds a rule; it is tried only on messages holding one of `keys` (a word, or DIGIT)."""

    def add(fn: Handler) -> Handler:
        compiled = re.compile(rf"(?<![\w@.])(?:{pattern})(?![\w@])")
        _RULES.append((compiled, frozenset(keys), fn))
        return fn

    return add


def number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS[word]


def whole(m: re.Match[str], kind: str, value: str, **info: Any):
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


@rule(rf"(?:(?:am|on|für|fuer|for)\s+)?{_AFTER_NEXT}\s+{_WD}", *_WD_KEYS)
def _after_next_weekday(m, today):
    return whole(m, "date", (upcoming(today, WEEKDAYS[m["wd"]]) + timedelta(days=7)).isoformat())


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
    return whole(m, "date", upcoming(today, WEEKDAYS[m["wd"]]).isoformat())


@rule(rf"(?:(?:am|on|für|fuer|for|bis|until|by)\s+)?{_THIS}\s+{_WD}", *_WD_KEYS)
def _this_weekday(m, today):
    return whole(m, "date", this_week(today, WEEKDAYS[m["wd"]]).isoformat())


@rule(rf"(?:am|on|bis|until|by|ab|from)\s+{_WD_ABBR}", *_WD_ABBR_KEYS)
@rule(rf"(?:am|on|bis|until|by|ab|from)\s+{_WD}", *_WD_KEYS)
@rule(_WD, *_WD_KEYS)
def _weekday(m, today):
    return whole(m, "date", upcoming(today, WEEKDAYS[m["wd"]]).isoformat())


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
    rf"(?:(?:in\s+der\s+|für\s+die\s+|fuer\s+die\s+)?{_NEXT}\s+{_WEEK}|(?:in\s+)?(?:the\s+)?week\s+after\s+next|(?:in\s+der\s+)?(?:ü|ue|u)bern(?:ä|ae|a)chsten\s+woche)",
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
    return whole(m, "date", (monday(today, 1) + timedelta(days=5)).isoformat(), grain="weekend")


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
    d = future_date(today, int(m["d"]), int(m["m"]), int(m["y"]))
    return whole(m, "date", d.isoformat()) if d else []


@rule(
    r"(?:(?:am|den|zum|bis|ab|vom|on|by)\s+)?(?:(?:mo|di|mi|do|fr|sa|so)\.?,?\s+)?(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})(?:\.(?:\s?(?P<y>\d{4}|\d{2}(?!\d)))?|(?![\d:]))",
    DIGIT,
)
def _numeric(m, today):
    d = future_date(today, int(m["d"]), int(m["m"]), int(m["y"]) if m["y"] else None)
    return whole(m, "date", d.isoformat()) if d else []


@rule(r"(?:(?:on|by|am|den)\s+)?(?P<d>\d{1,2})/(?P<m>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?", DIGIT)
def _slashed(m, today):
    day, month = int(m["d"]), int(m["m"])
    if month > 12 >= day:  # 9/15: an American order
        day, month = month, day
    d = future_date(today, day, month, int(m["y"]) if m["y"] else None)
    return whole(m, "date", d.isoformat()) if d else []


@rule(
    rf"(?:(?:am|den|zum|bis\s+zum|ab\s+dem|vom|on|by)\s+)?(?:the\s+)?(?P<d>\d{{1,2}})(?:\.|st|nd|rd|th|ter|ten)?\s*(?:of\s+)?{_MON}(?:\s*,?\s*(?P<y>\d{{4}}))?",
    DIGIT,
)
def _day_month(m, today):
    d = future_date(today, int(m["d"]), MONTHS[m["mon"]], int(m["y"]) if m["y"] else None)
    return whole(m, "date", d.isoformat()) if d else []


@rule(
    rf"(?:(?:on|by)\s+)?{_MON}\s+(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,?\s*(?P<y>\d{{4}}))?",
    DIGIT,
)
def _month_day(m, today):
    d = future_date(today, int(m["d"]), MONTHS[m["mon"]], int(m["y"]) if m["y"] else None)
    return whole(m, "date", d.isoformat()) if d else []


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
            return whole(m, "date", d.isoformat())
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
        for m in pattern.finditer(low):
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
    """Entities from `low` (the message lower-cased, same length): longest expressions win."""
    found = sorted(candidates(low, today), key=lambda f: (f.start - f.end, f.start))
    taken: list[Found] = []
    for f in found:
        if all(f.end <= t.start or f.start >= t.end for t in taken):
            taken.append(f)
    return [e for f in sorted(taken, key=lambda f: f.start) for e in f.entities]
