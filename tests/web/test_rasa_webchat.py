"""The unmodified npm package rasa-webchat (botfront's client for Rasa servers) against our app.

Its bundle comes from tests/web/webchat/node_modules (`make test` runs `npm ci` there) and is
served as is on a test page of the same origin; it speaks Socket.IO at /socket.io/ with Rasa's
events. Headless Chromium drives it as a citizen would. rasa-webchat cannot solve the widget's
proof of work (it never sees `custom`): it books through the e-mail code (issues 14 and 16).
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from browser import shot
from playwright.sync_api import expect
from rasa_webchat_page import BUNDLE
from rasa_webchat_page import page as webchat_page
from smtpbox import deliver
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

pytestmark = pytest.mark.browser


def clock(real):
    at = datetime(2021, 9, 14, 15, 0, tzinfo=real.city.tz)
    return lambda: at


@pytest.fixture
def server(make_server, real):
    if not BUNDLE.exists():
        pytest.skip(f"LOUD SKIP: {BUNDLE} is missing (run `make test`, which runs npm ci)")

    async def page(request):
        return HTMLResponse(webchat_page("/test/rasa-webchat.js", "location.origin"))

    async def bundle(request):
        return Response(BUNDLE.read_bytes(), media_type="text/javascript")

    routes = [Route("/test/webchat.html", page), Route("/test/rasa-webchat.js", bundle)]
    return make_server(real.engine, city=real.city, clock=clock(real), extra_routes=routes)


def test_greeting_quick_replies_and_the_hours_in_rasa_webchat(page, server):
    page.goto(server.url + "/test/webchat.html")
    page.locator(".rw-launcher").click()
    expect(page.locator(".rw-response", has_text="Guten Tag").first).to_be_visible(timeout=15000)
    replies = page.locator(".rw-reply")
    expect(replies.filter(has_text="Öffnungszeiten")).to_have_count(1)
    expect(replies.filter(has_text="Termin buchen")).to_have_count(1)
    replies.filter(has_text="Ohne Termin").click()
    expect(page.locator(".rw-response", has_text="13:00–15:00 Uhr").first).to_be_visible()
    page.locator(".rw-new-message").fill("Wann haben Sie am Mittwoch geöffnet?")
    page.keyboard.press("Enter")
    expect(page.locator(".rw-response", has_text="Mittwoch").last).to_be_visible()
    shot(page, "rasa-webchat-hours")
    assert page.dialogs == []


def test_a_booking_in_rasa_webchat_with_the_code_from_the_e_mail(page, server, real, mail):
    page.goto(server.url + "/test/webchat.html")
    page.locator(".rw-launcher").click()
    expect(page.locator(".rw-response", has_text="Guten Tag").first).to_be_visible(timeout=15000)

    def reply(title: str) -> None:
        exact = re.compile(rf"^\s*{re.escape(title)}\s*$")
        page.locator(".rw-reply").filter(has_text=exact).click()

    def say(text: str) -> None:
        page.locator(".rw-new-message").fill(text)
        page.keyboard.press("Enter")

    def answer(text: str):
        found = page.locator(".rw-response", has_text=text).last
        expect(found).to_be_visible(timeout=15000)
        return found

    reply("Termin buchen")
    answer("Wofür möchten Sie einen Termin buchen?")
    reply("Reisepass")
    answer("An welchem Tag")
    reply("Mi., 15.09.")
    answer("Welche Uhrzeit am Mittwoch, 15. September 2021")
    reply("10:30")
    answer("Wie ist Ihr Vor- und Nachname?")
    say("Erika Webchat")
    answer("E-Mail-Adresse oder Telefonnummer")
    say("erika.webchat@example.org")
    summary = answer("verbindlich buchen")
    expect(summary).to_contain_text("Mittwoch, 15. September 2021, 10:30 Uhr")
    reply("Ja")
    answer("6-stelligen Code")
    deliver(real.services, clock(real))
    say(mail.code_for("erika.webchat@example.org"))
    booked = answer("Ihr Termin ist gebucht: Reisepass am Mittwoch, 15. September 2021")
    expect(booked).to_contain_text("10:30 Uhr")
    shot(page, "rasa-webchat-booked")
