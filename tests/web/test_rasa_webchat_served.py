"""Issue 16 against the real process: the unmodified npm package rasa-webchat on a city's page
talks to `buergerbot serve` (python -m bot.cli serve) in headless Chromium: the greeting, the
quick replies, the hours and a booking up to the confirmation, whose 6-digit code serve's own
delivery worker sends to a local SMTP server (aiosmtpd).

The page comes from another origin (a city's site: a small Starlette app on another
127.0.0.1 port, since Chromium's Private Network Access refuses a non-loopback page's requests
to loopback), which
serve allows through BUERGERBOT_CORS_ORIGINS, as a city embedding the chat would set it. serve
runs on the real clock, so the day and time are the first ones the bot offers, not a fixed date.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
from browser import shot
from playwright.sync_api import Page, expect
from rasa_webchat_page import BUNDLE
from rasa_webchat_page import page as webchat_page
from smtpbox import Mailbox, mail_server
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route
from webfakes import LiveServer

from tests.serving import serving

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]


def code_for(mail: Mailbox, address: str, timeout: float = 60) -> str:
    """The code once serve's delivery worker has sent it (it polls the outbox on its own)."""
    deadline = time.monotonic() + timeout
    while not any(m["To"] == address for m in mail.messages):
        assert time.monotonic() < deadline, f"no e-mail to {address} from serve's worker"
        time.sleep(0.1)
    return mail.code_for(address)


def test_rasa_webchat_books_against_buergerbot_serve_with_the_code_from_the_e_mail(
    page: Page, tmp_path: Path
) -> None:
    if not BUNDLE.exists():
        pytest.skip(f"LOUD SKIP: {BUNDLE} is missing (run `make test`, which runs npm ci)")
    served: list[str] = []  # serve's URL, known once it is up

    async def city_page(request: Request) -> Response:
        return HTMLResponse(webchat_page("/rasa-webchat.js", json.dumps(served[0])))

    async def bundle(request: Request) -> Response:
        return Response(BUNDLE.read_bytes(), media_type="text/javascript")

    routes = [Route("/buergerservice.html", city_page), Route("/rasa-webchat.js", bundle)]
    city = LiveServer(Starlette(routes=routes))  # its port is bound here, so its origin known
    with mail_server() as mail:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
               "SMTP_URL": mail.url, "BUERGERBOT_EMAIL_RATE": "100",
               "BUERGERBOT_VERIFY_CONTACTS": "on", "BUERGERBOT_CORS_ORIGINS": city.url,
               "PYTHONPATH": str(ROOT)}  # fmt: skip
        with serving(env) as url, city:
            served.append(url)
            _chat(page, city.url, mail)


def _chat(page: Page, city: str, mail: Mailbox) -> None:
    def reply(title: str | re.Pattern[str]) -> str:
        exact = re.compile(rf"^\s*{re.escape(title)}\s*$") if isinstance(title, str) else title
        button = page.locator(".rw-reply").filter(has_text=exact).first
        expect(button).to_be_visible(timeout=15000)
        label = button.inner_text().strip()
        button.click()
        return label

    def say(text: str) -> None:
        page.locator(".rw-new-message").fill(text)
        page.keyboard.press("Enter")

    def answer(text: str | re.Pattern[str]):
        found = page.locator(".rw-response", has_text=text).last
        expect(found).to_be_visible(timeout=15000)
        return found

    page.goto(city + "/buergerservice.html")
    page.locator(".rw-launcher").click()
    answer("Guten Tag")
    replies = page.locator(".rw-reply")
    expect(replies.filter(has_text="Öffnungszeiten")).to_have_count(1)
    expect(replies.filter(has_text="Termin buchen")).to_have_count(1)
    reply(re.compile("Ohne Termin"))
    answer("13:00–15:00 Uhr")
    say("Wann haben Sie am Mittwoch geöffnet?")
    answer(re.compile(r"Mittwoch.*\d\d:\d\d–\d\d:\d\d Uhr", re.S))

    reply("Termin buchen")
    answer("Wofür möchten Sie einen Termin buchen?")
    reply("Reisepass")
    answer("An welchem Tag")
    reply(re.compile(r"^\s*(Mo|Di|Mi|Do|Fr)\.,\s*\d\d\.\d\d\.\s*$"))  # the first day offered
    asked = answer(re.compile(r"Welche Uhrzeit am \w+, \d+\. \w+ 2\d{3}"))
    day = re.search(r"\w+, \d+\. \w+ 2\d{3}", asked.inner_text())
    assert day, asked.inner_text()
    at = reply(re.compile(r"^\s*\d\d:\d\d\s*$"))  # its first time
    answer("Wie ist Ihr Vor- und Nachname?")
    say("Erika Webchat")
    answer("E-Mail-Adresse oder Telefonnummer")
    say("erika.served@example.org")
    summary = answer("verbindlich buchen")
    expect(summary).to_contain_text(f"{day[0]}, {at} Uhr")
    reply("Ja")
    answer("6-stelligen Code")
    say(code_for(mail, "erika.served@example.org"))
    booked = answer(f"Ihr Termin ist gebucht: Reisepass am {day[0]}")
    expect(booked).to_contain_text(f"{at} Uhr")
    shot(page, "rasa-webchat-served-booked")
    assert page.dialogs == []  # type: ignore[attr-defined]
