"""Names of holidays and feast days, German and English, and their dates in a given year.

The names and dates of public holidays come from the `holidays` package (every German state's,
so "Fronleichnam" is understood in Brandenburg too, where the office is open on it; the
schedule says so). Days people name that are no public holiday (Heiligabend, Silvester) and
the short names citizens use ("Himmelfahrt", "Tag der Arbeit", "2. Weihnachtsfeiertag") are
added here; so are periods ("Ostern" is Karfreitag to Ostermontag).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

import holidays

_LANGUAGES = ("de", "en_US")
_NAMES_YEAR = 2024  # the names of the package's holidays, read once; their dates per year below

# The package's names for a day, as citizens also say it.
ALIASES = {
    "himmelfahrt": "christi himmelfahrt",
    "christi himmelfahrtstag": "christi himmelfahrt",
    "vatertag": "christi himmelfahrt",
    "herrentag": "christi himmelfahrt",
    "männertag": "christi himmelfahrt",
    "ascension": "ascension day",
    "tag der arbeit": "erster mai",
    "maifeiertag": "erster mai",
    "labour day": "labor day",
    "may day": "labor day",
    "einheitsfeiertag": "tag der deutschen einheit",
    "tag der einheit": "tag der deutschen einheit",
    "erster weihnachtsfeiertag": "erster weihnachtstag",
    "1. weihnachtsfeiertag": "erster weihnachtstag",
    "1. weihnachtstag": "erster weihnachtstag",
    "zweiter weihnachtsfeiertag": "zweiter weihnachtstag",
    "2. weihnachtsfeiertag": "zweiter weihnachtstag",
    "2. weihnachtstag": "zweiter weihnachtstag",
    "ersten weihnachtsfeiertag": "erster weihnachtstag",
    "ersten weihnachtstag": "erster weihnachtstag",
    "zweiten weihnachtsfeiertag": "zweiter weihnachtstag",
    "zweiten weihnachtstag": "zweiter weihnachtstag",
    "ersten mai": "erster mai",
    "boxing day": "second day of christmas",
    "christmas": "christmas day",
    "neujahrstag": "neujahr",
    "new year": "new year's day",
    "new years day": "new year's day",
    "ostermontag": "ostermontag",
    "whit monday": "pentecost monday",
    "whitmonday": "pentecost monday",
    "pfingstmontag": "pfingstmontag",
    "reformationsfest": "reformationstag",
    "buß und bettag": "buß- und bettag",
    "busstag": "buß- und bettag",
    "bußtag": "buß- und bettag",
    "dreikönigstag": "heilige drei könige",
}
# Named days that are no public holiday: (month, day).
FIXED = {
    "heiligabend": (12, 24),
    "heiliger abend": (12, 24),
    "heiligen abend": (12, 24),
    "christmas eve": (12, 24),
    "silvester": (12, 31),
    "sylvester": (12, 31),
    "new year's eve": (12, 31),
    "new years eve": (12, 31),
}
# Periods: a name to (first day, last day), each a name above or a (month, day).
PERIODS: dict[str, tuple[str | tuple[int, int], str | tuple[int, int]]] = {
    "ostern": ("karfreitag", "ostermontag"),
    "osterfeiertage": ("karfreitag", "ostermontag"),
    "easter": ("good friday", "easter monday"),
    "pfingsten": ("pfingstsonntag", "pfingstmontag"),
    "pentecost weekend": ("pentecost", "pentecost monday"),
    "whitsun": ("pentecost", "pentecost monday"),
    "weihnachten": ((12, 24), (12, 26)),
    "weihnachtsfeiertage": ((12, 25), (12, 26)),
    "über die feiertage": ((12, 24), (12, 26)),
    "zwischen den jahren": ((12, 27), (12, 30)),
}


def _package_names() -> set[str]:
    names: set[str] = set()
    for subdiv in holidays.Germany.subdivisions:
        for lang in _LANGUAGES:
            found = holidays.Germany(subdiv=subdiv, years=_NAMES_YEAR, language=lang)
            names |= {n.lower() for n in found.values()}
    return names


NAMES: frozenset[str] = frozenset(_package_names() | ALIASES.keys() | FIXED.keys() | PERIODS.keys())


@lru_cache(maxsize=8)
def _dates(year: int) -> dict[str, date]:
    """Every holiday name of any German state in `year` (both languages) and its date."""
    out: dict[str, date] = {}
    for subdiv in holidays.Germany.subdivisions:
        for lang in _LANGUAGES:
            for day, name in holidays.Germany(subdiv=subdiv, years=year, language=lang).items():
                out[name.lower()] = day
    return out


def day_of(name: str, year: int) -> date | None:
    """The date of a single named day in `year`, None if it has none that year."""
    if name in FIXED:
        month, day = FIXED[name]
        return date(year, month, day)
    return _dates(year).get(ALIASES.get(name, name))


def span_of(name: str, year: int) -> tuple[date, date] | None:
    """(first, last) day of a name in `year`: one day for a single day, more for a period."""
    if name not in PERIODS:
        d = day_of(name, year)
        return (d, d) if d else None
    ends = [_end(end, year) for end in PERIODS[name]]
    first, last = ends
    return (first, last) if first and last else None


def _end(end: str | tuple[int, int], year: int) -> date | None:
    return date(year, *end) if isinstance(end, tuple) else day_of(end, year)


def pattern() -> str:
    """A regex alternation of every name, longest first, tolerant of umlauts spelled out."""
    return "|".join(_spelled(n) for n in sorted(NAMES, key=len, reverse=True))


def _spelled(name: str) -> str:
    out = []
    for c in name:
        if c in "äöü":
            out.append(f"(?:{c}|{'aou'['äöü'.index(c)]}e?)")
        elif c == "ß":
            out.append("(?:ß|ss)")
        elif c == " ":
            out.append(r"\s+")
        elif c == "-":
            out.append(r"-?\s*")
        elif c == "'":
            out.append("['’]?")
        elif c == ".":
            out.append(r"\.?\s*")
        else:
            out.append(re.escape(c))
    return "".join(out)


def canonical(said: str) -> str | None:
    """The name as listed, for the words a citizen wrote (umlauts spelled out, spacing)."""
    key = _key(said)
    return _CANONICAL.get(key)


def _key(text: str) -> str:
    text = text.lower().replace("’", "'")
    for a, b in (("ae", "ä"), ("oe", "ö"), ("ue", "ü"), ("ss", "ß")):
        text = text.replace(a, b)
    return re.sub(r"[\s\-.']+", "", text).replace("ä", "a").replace("ö", "o").replace("ü", "u")


_CANONICAL = {_key(n): n for n in NAMES}


def next_span(name: str, today: date, recent_days: int) -> tuple[date, date, bool] | None:
    """The named day or period next from today, or (passed=True) this year's if it ended at
    most `recent_days` ago: said just after the day, it likely means the day that passed."""
    for year in (today.year - 1, today.year, today.year + 1, today.year + 2):
        span = span_of(name, year)
        if span is None or span[1] < today - timedelta(days=recent_days):
            continue
        return span[0], span[1], span[1] < today
    return None
