"""Days the office is closed all day (the region's public holidays, the city's extra days) and
days it closes early.

The config's closures are the base; the closures staff add in the console are laid over them
(`with_added`), so the schedule's answers and exports know both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time

import holidays

# Our language codes to the `holidays` package's localisations.
_HOLIDAY_LANGS = {"de": "de", "en": "en_US"}


@dataclass(frozen=True)
class Closure:
    """A closure day (`closes_at` None) or an early closing, with its reason by language."""

    day: date
    reason: dict[str, str] = field(compare=False)
    closes_at: time | None = None


class Closures:
    """Answers "why is the office closed on this day?" with a name in the asked language.

    Lookups are cached: the schedule asks for every day it expands.
    """

    def __init__(
        self,
        country: str = "DE",
        subdiv: str | None = None,
        extra: Mapping[date, Mapping[str, str]] | None = None,
        early: Mapping[date, tuple[time, Mapping[str, str]]] | None = None,
    ):
        """`extra` maps a day to its reason by language (at least German); `early` maps a
        day to the time the counters close and the reason.

        Raises NotImplementedError (from `holidays`) for an unknown country or subdivision.
        """
        self.country = country
        self.subdiv = subdiv
        self.extra = {day: dict(reason) for day, reason in (extra or {}).items()}
        self.early = {day: (at, dict(reason)) for day, (at, reason) in (early or {}).items()}
        reasons = [*self.extra.values(), *(reason for _, reason in self.early.values())]
        if any(not reason.get("de") for reason in reasons):
            raise ValueError("every extra closure needs a German reason")
        default = holidays.country_holidays(country, subdiv=subdiv)
        self._calendars = {
            lang: holidays.country_holidays(country, subdiv=subdiv, language=code)
            if code in default.supported_languages
            else default
            for lang, code in _HOLIDAY_LANGS.items()
        }
        self._cache: dict[tuple[date, str], str | None] = {}

    def with_added(self, added: Iterable[Closure]) -> Closures:
        """These closures with `added` laid over them (an added day wins over the same day)."""
        extra, early = dict(self.extra), dict(self.early)
        for c in added:
            extra.pop(c.day, None)
            early.pop(c.day, None)
            if c.closes_at is None:
                extra[c.day] = c.reason
            else:
                early[c.day] = (c.closes_at, c.reason)
        return Closures(self.country, self.subdiv, extra, early)

    def closes_at(self, day: date) -> time | None:
        """When the counters close early on `day`, else None."""
        found = self.early.get(day)
        return found[0] if found else None

    def early_reason(self, day: date, lang: str = "de") -> str | None:
        found = self.early.get(day)
        return (found[1].get(lang) or found[1]["de"]) if found else None

    def reason(self, day: date, lang: str = "de") -> str | None:
        """The holiday's or closure's name, or None on an ordinary day."""
        key = (day, lang)
        if key not in self._cache:
            self._cache[key] = self._lookup(day, lang)
        return self._cache[key]

    def _lookup(self, day: date, lang: str) -> str | None:
        if day in self.extra:
            names = self.extra[day]
            return names.get(lang) or names["de"]
        return self._calendars.get(lang, self._calendars["de"]).get(day)
