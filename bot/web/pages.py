"""The widget's script and stylesheet, the demo city page embedding it, the privacy notice."""

from __future__ import annotations

import json
from datetime import date
from functools import cache, lru_cache
from html import escape
from importlib.resources import files
from typing import Any

from office import wording
from office.city import City, Retention
from office.schedule import Kind
from office.texts import CATALOGS, lang_or_default, t

STATIC = files("bot.web") / "static"
WIDGET_TEXT_PREFIX = "widget."


@lru_cache(maxsize=4)
def widget_js(facts: str) -> bytes:
    """widget.js with both languages' strings and the office's facts (`office_facts`, as JSON)
    inlined. The stylesheet stays a file of its own (`widget_css`): a strict CSP refuses
    inline styles."""
    source = (STATIC / "widget.js").read_text(encoding="utf-8")
    texts = {
        lang: {
            k.removeprefix(WIDGET_TEXT_PREFIX): v
            for k, v in cat.items()
            if k.startswith(WIDGET_TEXT_PREFIX)
        }
        for lang, cat in CATALOGS.items()
    }
    return (
        source.replace("__BB_TEXTS__", json.dumps(texts, ensure_ascii=False))
        .replace("__BB_FACTS__", facts)
        .encode("utf-8")
    )


@cache
def widget_css() -> bytes:
    return (STATIC / "widget.css").read_bytes()


@cache
def demo_css() -> bytes:
    return (STATIC / "demo.css").read_bytes()


def office_facts(city: City | None, today: date) -> str:
    """What the widget shows when the server is out of reach: the phone number, the address
    and the walk-in hours in force today (or from the next version that has any), as JSON."""
    facts: dict[str, Any] = {"at": today.toordinal()}
    if city is None:
        return json.dumps(facts)
    facts |= {"phone": city.phone, "address": city.location.address}
    versions = [
        v for v in city.schedule.versions if v.valid_until is None or v.valid_until >= today
    ]
    version = next((v for v in versions if any(p.kind is Kind.WALK_IN for p in v.periods)), None)
    for lang in CATALOGS:
        lines = wording.weekly(version, Kind.WALK_IN, lang) if version else []
        intro = (
            t(lang, "walk_in.from", day=wording.day_name(version.valid_from, lang))
            if version and version.valid_from > today
            else t(lang, "walk_in.intro")
        )
        facts[lang] = {"walk_in_intro": intro, "walk_in": lines}
    return json.dumps(facts, ensure_ascii=False)


def demo_page(base_url: str) -> str:
    """The city's page as a city would serve it, the widget embedded with one script tag."""
    page = (STATIC / "demo.html").read_text(encoding="utf-8")
    return page.replace("__BASE__", escape(base_url.rstrip("/"), quote=True))


LANG_NAMES = {"de": "Deutsch", "en": "English"}

PRIVACY_SECTIONS = ("chat", "booking", "browser", "abuse", "rights")


def privacy_page(lang: str | None, office: str, phone: str, retention: Retention) -> str:
    """The notice, its periods taken from the config the purge applies: they cannot drift."""
    lang = lang_or_default(lang)
    values = {"office": office, "phone": phone, **retention.notice_values()}

    def text(key: str) -> str:
        return escape(t(lang, key, **values))

    sections = "\n".join(
        f"<h2>{text(f'privacy.{s}.h')}</h2>\n<p>{text(f'privacy.{s}.p')}</p>"
        for s in PRIVACY_SECTIONS
    )
    other = "en" if lang == "de" else "de"
    return f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{text("privacy.title")}</title>
<style>
body {{ font: 1rem/1.6 system-ui, sans-serif; color: #1a1a1a; max-width: 42rem;
  margin: 0 auto; padding: 1.5rem; }}
a {{ color: #0b4f8a; }}
a:focus-visible {{ outline: 3px solid #b35c00; outline-offset: 2px; }}
</style>
</head>
<body>
<main>
<h1>{text("privacy.title")}</h1>
<p>{text("privacy.intro")}</p>
{sections}
<p><a href="?lang={other}" lang="{other}" hreflang="{other}">{LANG_NAMES[other]}</a></p>
</main>
</body>
</html>
"""
