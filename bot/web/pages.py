"""The HTML pages: the demo city page embedding the widget, and the privacy notice."""

from __future__ import annotations

import json
from functools import cache
from html import escape
from importlib.resources import files

from office.city import Retention
from office.texts import CATALOGS, lang_or_default, t

STATIC = files("bot.web") / "static"
WIDGET_TEXT_PREFIX = "widget."


@cache
def widget_js() -> bytes:
    """widget.js with its stylesheet and both languages' strings inlined: one request, one file."""
    source = (STATIC / "widget.js").read_text(encoding="utf-8")
    css = (STATIC / "widget.css").read_text(encoding="utf-8")
    texts = {
        lang: {
            k.removeprefix(WIDGET_TEXT_PREFIX): v
            for k, v in cat.items()
            if k.startswith(WIDGET_TEXT_PREFIX)
        }
        for lang, cat in CATALOGS.items()
    }
    return (
        source.replace("__BB_CSS__", json.dumps(" ".join(css.split())))
        .replace("__BB_TEXTS__", json.dumps(texts, ensure_ascii=False))
        .encode("utf-8")
    )


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
