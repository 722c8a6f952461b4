"""The widget in headless Chromium: keyboard use, a booking by taps, history, XSS, a11y, layout."""

from __future__ import annotations

import pytest
from browser import ARTIFACTS, axe_violations, bot_says, focused, open_with_keyboard, say, shot
from playwright.sync_api import expect
from webfakes import CLIENT, LiveServer

from bot.turn import Response
from bot.web import create_app

pytestmark = pytest.mark.browser


def test_walk_in_hours_and_a_booking_by_taps_then_history_after_reload(page, make_server, engine):
    server = make_server(engine)
    open_with_keyboard(page, server.url)
    bot_says(page, "Guten Tag!")

    page.keyboard.type("Wann kann ich ohne Termin kommen?")
    page.keyboard.press("Enter")
    bot_says(page, "Ohne Termin: Montag 09:00–11:30 Uhr")
    link = page.locator(".bb-log a", has_text="https://example.org/buergerservice")
    expect(link).to_have_attribute("href", "https://example.org/buergerservice")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    shot(page, "widget-walk-in")

    page.get_by_role("button", name="Termin buchen").click()
    for tap in ("Personalausweis", "Mi, 15.09.", "09:00 Uhr"):
        page.get_by_role("button", name=tap).click()
    bot_says(page, "Personalausweis am Mittwoch, 15. September 2021, 09:00 Uhr. Buchen?")
    expect(page.locator(".bb-status")).to_have_text("Sicherheitsprüfung abgeschlossen.")
    shot(page, "widget-summary")
    page.get_by_role("button", name="Ja, buchen").click()
    bot_says(page, "Ihr Termin ist gebucht. Ihr Code: BB-7K3Q.")
    ics = page.locator("a.bb-ics")
    expect(ics).to_have_attribute("download", "termin-BB-7K3Q.ics")
    assert ics.get_attribute("href").startswith(
        "data:text/calendar;charset=utf-8,BEGIN%3AVCALENDAR"
    )
    assert engine.turns[-1].metadata == {"proof_required": True, "proof_ok": True, "client": CLIENT}
    assert engine.booked == {engine.turns[-1].sender: "BB-7K3Q"}
    expect(page.locator(".bb-buttons")).to_have_count(0)  # the summary's buttons are spent
    shot(page, "widget-confirmed")

    turns = len(engine.turns)
    page.reload()
    page.locator(".bb-launcher").click()
    bot_says(page, "Ihr Termin ist gebucht. Ihr Code: BB-7K3Q.")
    expect(page.locator(".bb-user", has_text="Ja, buchen")).to_be_visible()
    expect(page.locator(".bb-user", has_text="Wann kann ich ohne Termin kommen?")).to_be_visible()
    expect(page.locator("a.bb-ics")).to_have_count(1)
    assert len(engine.turns) == turns  # history comes from the browser, no new greeting
    shot(page, "widget-history-after-reload")

    page.keyboard.press("Escape")
    expect(page.locator(".bb-panel")).to_be_hidden()
    assert focused(page) == "bb-launcher"
    assert all(u.startswith(server.url) or u.startswith("data:") for u in page.requests)


def test_markup_in_a_message_is_shown_as_text_never_run(page, make_server, engine):
    server = make_server(engine)
    open_with_keyboard(page, server.url)
    bot_says(page, "Guten Tag!")
    attack = "<img src=x onerror=alert(1)>"
    page.keyboard.type(attack)
    page.keyboard.press("Enter")
    bot_says(page, "Sie schrieben: " + attack)
    expect(page.locator(".bb-user").last).to_have_text("Sie: " + attack)
    assert page.locator(".bb-log img").count() == 0
    assert engine.turns[-1].text == attack
    page.wait_for_timeout(300)
    assert page.dialogs == []
    shot(page, "widget-xss-as-text")


def test_no_wcag_21_aa_violations_with_the_widget_open(page, make_server, engine):
    server = make_server(engine)
    open_with_keyboard(page, server.url)
    page.get_by_role("button", name="Ohne Termin").click()
    bot_says(page, "Ohne Termin: Montag")
    expect(page.locator(".bb-buttons button")).to_have_text(["Termin buchen"])
    assert axe_violations(page) == []
    for tap in ("Termin buchen", "Personalausweis", "Mi, 15.09.", "09:00 Uhr"):
        page.get_by_role("button", name=tap).click()
    expect(page.locator(".bb-status")).to_have_text("Sicherheitsprüfung abgeschlossen.")
    page.get_by_role("button", name="Ja, buchen").click()
    expect(page.locator(".bb-confirm")).to_be_visible()
    assert axe_violations(page) == []  # none at all at WCAG 2.1 AA


def test_mobile_and_200_percent_zoom_keep_the_panel_usable(browser, make_server, engine):
    server = make_server(engine)
    for name, options in {
        "mobile": {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True},
        "zoom-200": {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2},
    }.items():
        context = browser.new_context(**options)
        page = context.new_page()
        page.goto(server.url + "/")
        page.locator(".bb-launcher").click()
        bot_says(page, "Guten Tag!")
        size = options["viewport"]
        for part in (".bb-panel", ".bb-form input", ".bb-form button", ".bb-close"):
            box = page.locator(part).bounding_box()
            assert box and box["x"] >= 0 and box["y"] >= 0, (name, part, box)
            assert box["x"] + box["width"] <= size["width"] + 1, (name, part, box)
            assert box["y"] + box["height"] <= size["height"] + 1, (name, part, box)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= size["width"], name
        shot(page, f"widget-{name}")
        context.close()


def test_reduced_motion_stops_the_typing_animation(browser, make_server, engine):
    server = make_server(engine)
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    page.goto(server.url + "/")
    page.locator(".bb-launcher").click()
    name = page.locator(".bb-dot").first.evaluate("d => getComputedStyle(d).animationName")
    assert name == "none"
    context.close()


def test_the_widget_reconnects_after_the_server_restarts_and_shows_pushed_notices(page, engine):
    app = create_app(engine)
    with LiveServer(app) as first:
        port, url = first.port, first.url
        page.goto(url + "/")
        page.locator(".bb-launcher").click()
        bot_says(page, "Guten Tag!")
    expect(page.locator(".bb-status")).to_contain_text("Verbindung unterbrochen")
    with LiveServer(create_app(engine), port=port) as second:
        expect(page.locator(".bb-status")).to_be_empty(timeout=10_000)
        page.locator(".bb-form input").fill("noch da?")
        page.keyboard.press("Enter")
        bot_says(page, "Sie schrieben: noch da?")
        sender = engine.turns[-1].sender
        page.locator(".bb-close").click()
        notice = [Response("Ihr Termin am 15.09. entfällt leider.")]
        assert second.call(second.app.state.connections.push(sender, notice)) is True
        expect(page.locator(".bb-unread")).to_be_visible()
        page.locator(".bb-launcher").click()
        bot_says(page, "Ihr Termin am 15.09. entfällt leider.")
        expect(page.locator(".bb-unread")).to_be_hidden()
    assert ARTIFACTS.exists()


def test_an_english_embed_speaks_english_and_links_the_english_privacy_notice(
    page, make_server, engine
):
    server = make_server(engine)
    page.goto(server.url + "/datenschutz?lang=en")  # any page of the site; the widget is added
    page.evaluate(
        """url => { const s = document.createElement('script');
                    s.src = url + '/widget.js';
                    s.dataset.lang = 'en'; s.dataset.title = 'City Hall';
                    document.body.appendChild(s); }""",
        server.url,
    )
    launcher = page.get_by_role("button", name="Questions? Chat with the Citizens' Service")
    launcher.click()
    expect(page.get_by_role("dialog", name="City Hall")).to_be_visible()
    expect(page.get_by_label("Your message")).to_be_focused()
    expect(page.get_by_role("button", name="Close chat")).to_be_visible()
    privacy = page.get_by_role("link", name="Privacy notice")
    expect(privacy).to_have_attribute("href", server.url + "/datenschutz?lang=en")
    bot_says(page, "Guten Tag!")
    assert engine.turns[-1].lang == "en"


def test_clearing_the_conversation_forgets_history_and_starts_a_new_sender(
    page, make_server, engine
):
    server = make_server(engine)
    open_with_keyboard(page, server.url)
    say(page, "meine alte Frage")
    bot_says(page, "Sie schrieben: meine alte Frage")
    old = engine.turns[-1].sender
    page.get_by_role("button", name="Verlauf löschen").click()
    bot_says(page, "Guten Tag!")
    expect(page.locator(".bb-msg", has_text="meine alte Frage")).to_have_count(0)
    assert engine.turns[-1].text == "/greet" and engine.turns[-1].sender != old
    stored = page.evaluate("k => localStorage.getItem(k)", "buergerbot:" + server.url)
    assert "meine alte Frage" not in stored
    page.reload()
    page.locator(".bb-launcher").click()
    expect(page.locator(".bb-msg", has_text="meine alte Frage")).to_have_count(0)
