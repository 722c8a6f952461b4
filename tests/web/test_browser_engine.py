"""End to end through the real engine, NLU and database: what a citizen does on the city's page."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from browser import bot_says, open_with_keyboard, say, shot, tap
from playwright.sync_api import expect
from starlette.responses import HTMLResponse
from starlette.routing import Route

from bot.web.proof import ProofOfWork

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    from bot.bootstrap import build
    from nlu import default_interpreter

    path = tmp_path_factory.mktemp("web") / "bot.db"
    built = build(database_url=f"sqlite:///{path}", interpreter=default_interpreter())
    yield built
    built.db.dispose()


def serve(make_server, real, now: str, routes=()):
    at = datetime.fromisoformat(now).replace(tzinfo=real.city.tz)
    return make_server(
        real.engine,
        city=real.city,
        clock=lambda: at,
        proof=ProofOfWork("k", max_number=5000),
        extra_routes=list(routes),
    )


def english_city_page() -> Route:
    """A city's English page embedding the widget with data-lang="en"."""
    html = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>City</title>
</head><body><main><h1>City of Brandenburg an der Havel</h1></main>
<script src="/widget.js" data-lang="en" defer></script></body></html>"""

    async def city(request):
        return HTMLResponse(html)

    return Route("/city-en.html", city)


def test_walk_in_hours_from_the_real_engine(page, make_server, real):
    server = serve(make_server, real, "2021-09-14T15:00")
    open_with_keyboard(page, server.url)
    bot_says(page, "Guten Tag")
    say(page, "Wann kann ich ohne Termin kommen?")
    bot_says(page, "Montag: 09:00–11:30 Uhr und 13:00–15:00 Uhr")
    bot_says(page, "Gerade ist geöffnet (ohne Termin) bis 18:00 Uhr")
    shot(page, "engine-walk-in")


def test_a_booking_by_taps_through_the_real_engine_to_the_confirmation(page, make_server, real):
    server = serve(make_server, real, "2021-09-13T08:00")
    open_with_keyboard(page, server.url)
    bot_says(page, "Guten Tag")
    tap(page, "Termin buchen")
    bot_says(page, "Wofür möchten Sie einen Termin buchen?")
    tap(page, "Reisepass")
    bot_says(page, "An welchem Tag")
    tap(page, "Di., 14.09.")
    bot_says(page, "Welche Uhrzeit am Dienstag, 14. September 2021")
    expect(page.locator(".bb-status")).to_have_text("Sicherheitsprüfung abgeschlossen.")
    tap(page, "09:15")  # the hold is made with the proof the widget solved meanwhile
    bot_says(page, "Wie ist Ihr Vor- und Nachname?")
    say(page, "Erika Mustermann")
    bot_says(page, "E-Mail-Adresse oder Telefonnummer")
    say(page, "erika.mustermann@example.org")
    bot_says(page, "verbindlich buchen")
    tap(page, "Ja")
    bot_says(page, "Ihr Termin ist gebucht: Reisepass am Dienstag, 14. September 2021 um 09:15 Uhr")
    card = page.locator(".bb-confirm")
    expect(card.locator(".bb-code")).to_have_text(re.compile(r"^BB-[A-Z0-9]+$"))
    expect(card.locator(".bb-date")).to_have_text("Dienstag, 14. September 2021")
    expect(card.locator(".bb-time")).to_have_text("09:15 Uhr")
    expect(card.locator(".bb-place")).to_contain_text("Nicolaiplatz 30, 14770 Brandenburg")
    ics = page.locator("a.bb-ics")
    expect(ics).to_have_count(1)
    assert ics.get_attribute("download").startswith("termin-BB-")
    assert "BEGIN%3AVCALENDAR" in ics.get_attribute("href")
    shot(page, "engine-booked")


def test_an_english_booking_stays_english_after_a_german_phone_number(page, make_server, real):
    """The page's data-lang holds: digits, a name and a German number are no language."""
    server = serve(make_server, real, "2021-09-13T08:00", [english_city_page()])
    page.goto(server.url + "/city-en.html")
    page.get_by_role("button", name="Questions? Chat with the Citizens' Service").click()
    bot_says(page, "Hello!")
    tap(page, "Book an appointment")
    bot_says(page, "What would you like to book an appointment for?")
    tap(page, "Passport")
    bot_says(page, "Which day would you like to come?")
    tap(page, "Tue, 14 Sep")
    bot_says(page, "Which time on Tuesday, 14 September 2021 suits you?")
    expect(page.locator(".bb-status")).to_have_text("Security check done.")
    tap(page, "09:30")
    bot_says(page, "What is your first and last name?")
    say(page, "Jürgen Weiß")
    bot_says(page, "Which e-mail address or phone number can we reach you at?")
    say(page, "0331 58 13 00")
    bot_says(page, "Shall I book this appointment?")
    tap(page, "Yes")
    bot_says(page, "Your appointment is booked: Passport on Tuesday, 14 September 2021 at 09:30")
    card = page.locator(".bb-confirm")
    expect(card.locator(".bb-code")).to_have_text(re.compile(r"^BB-[A-Z0-9]+$"))
    expect(card.locator(".bb-date")).to_have_text("Tuesday, 14 September 2021")
    expect(card.locator(".bb-time")).to_have_text("09:30")
    expect(card.locator(".bb-place")).to_contain_text("Nicolaiplatz 30, 14770 Brandenburg")
    german = re.compile(r"Ihr Termin|Bitte|Welche|Wie ist|Uhr\b|Sie ")
    expect(page.locator(".bb-bot").filter(has_text=german)).to_have_count(0)
    expect(page.get_by_role("button", name="Send")).to_be_visible()  # the widget's own words
    shot(page, "engine-booked-english")
