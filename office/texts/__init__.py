"""User-facing wording: one module per language, looked up by key."""

from __future__ import annotations

from office.texts import de, en

CATALOGS = {"de": de.TEXTS, "en": en.TEXTS}
DEFAULT_LANG = "de"


def lang_or_default(lang: str | None) -> str:
    return lang if lang in CATALOGS else DEFAULT_LANG


def t(lang: str | None, key: str, **values: object) -> str:
    """The text for `key` in `lang` (German when unknown), with `values` filled in."""
    template = CATALOGS[lang_or_default(lang)][key]
    return template.format(**values) if values else template
