"""Days the office is closed all day: the region's public holidays and the city's extra days."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import holidays

# Our language codes to the `holidays` package's localisations.
_HOLIDAY_LANGS = {"de": "de", "en": "en_US"}


class Closures:
    """Answers "why is the office closed on this day?" with a name in the asked language.

    Lookups are cached: the schedule asks for every day it expands.
    """

    def __init__(
        self,
        country: str = "DE",
        subdiv: str | None = None,
        extra: Mapping[date, Mapping[str, str]] | None = None,
    ):
        """`extra` maps a day to its reason by language (at least German).

        Raises NotImplementedError (from `holidays`) for an unknown country or subdivision.
        """
        self.country = country
        self.subdiv = subdiv
        self.extra = {day: dict(reason) for day, reason in (extra or {}).items()}
        if any(not reason.get("de") for reason in self.extra.values()):
            raise ValueError("every extra closure needs a German reason")
        default = holidays.country_holidays(country, subdiv=subdiv)
        self._calendars = {
            lang: holidays.country_holidays(country, subdiv=subdiv, language=code)
            if code in default.supported_languages
            else default
            for lang, code in _HOLIDAY_LANGS.items()
        }
        self._cache: dict[tuple[date, str], str | None] = {}

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
