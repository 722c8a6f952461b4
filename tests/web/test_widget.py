"""The widget as a city embeds it: theming, a strict CSP, focus, the JavaScript API, the server
out of reach, the confirmation, compression and caching. Headless Chromium (Debian's)."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest
from browser import bot_says, focused, open_with_keyboard, shot
from playwright.sync_api import expect
from starlette.responses import HTMLResponse
from starlette.routing import Route

from app.config import load_city

CITY = load_city(Path(__file__).parents[2] / "config" / "brandenburg-havel.yaml")
pytestmark = pytest.mark.browser


def embed_page(script_attrs: str, csp: str | None = None) -> Route:
    """A city page at /city.html embedding the widget with the given attributes."""
    page = f"""<!doctype html><html lang="de"><head><meta charset="utf-8">
<title>Stadt</title></head><body><main><h1>Stadt</h1><p><a href="#top">Oben</a></p></main>
<script {script_attrs}></script></body></html>"""

    async def city_page(request):
        headers = {"Content-Security-Policy": csp} if csp else None
        return HTMLResponse(page, headers=headers)

    return Route("/city.html", city_page)


def contrast_on_white(rgb: str) -> float:
    def channel(v: int) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(x) for x in rgb.removeprefix("rgb(").removesuffix(")").split(","))
    lum = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (lum + 0.05)


def record_csp_violations(page) -> None:
    """Before any page script runs: every CSP violation the page reports, in window.__csp."""
    page.add_init_script(
        """window.__csp = [];
           document.addEventListener('securitypolicyviolation',
             e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""
    )


def test_theming_by_attributes_with_the_contrast_checked(page, make_server, engine):
    attrs = (
        'src="/widget.js" async data-lang="de" data-title="Rathaus-Chat" data-color="#ffcc00" '
        'data-position="left" data-logo="{url}/demo-logo.png"'
    )
    server = make_server(engine, extra_routes=[embed_page(attrs.replace("{url}", ""))])
    warnings = []
    page.on("console", lambda m: m.type == "warning" and warnings.append(m.text))
    page.goto(server.url + "/city.html")
    launcher = page.locator(".bb-launcher")
    expect(launcher).to_be_visible()
    background = launcher.evaluate("b => getComputedStyle(b).backgroundColor")
    assert background != "rgb(11, 79, 138)"  # not the default blue
    assert contrast_on_white(background) >= 4.5  # yellow was darkened until white text reads
    assert any("#ffcc00 has too little contrast" in w for w in warnings)
    assert launcher.bounding_box()["x"] < 100  # left
    launcher.click()
    expect(page.get_by_role("dialog", name="Rathaus-Chat")).to_be_visible()
    assert page.locator(".bb-head img.bb-logo").get_attribute("alt") == ""
    bot_says(page, "Guten Tag!")
    header = page.locator(".bb-head").evaluate("h => getComputedStyle(h).backgroundColor")
    assert header == background
    shot(page, "widget-themed")


def test_a_strict_csp_page_gets_a_styled_widget_and_no_violation(page, make_server, engine):
    server = make_server(engine)
    r = httpx.get(server.url + "/")
    assert "style-src 'self'" in r.headers["content-security-policy"]
    assert "unsafe-inline" not in r.headers["content-security-policy"]
    assert " defer></script>" in r.text and "<style" not in r.text
    blocked = []
    page.on("console", lambda m: "Content Security Policy" in m.text and blocked.append(m.text))
    record_csp_violations(page)
    page.goto(server.url + "/")
    launcher = page.locator(".bb-launcher")
    expect(launcher).to_have_css("background-color", "rgb(138, 28, 28)")  # data-color, styled
    launcher.click()
    bot_says(page, "Guten Tag!")
    expect(page.locator(".bb-panel")).to_have_css("position", "fixed")
    assert page.evaluate("window.__csp") == [] and blocked == []


def test_focus_goes_to_the_answer_after_a_quick_reply_and_stays_in_the_dialog(
    page, make_server, engine
):
    server = make_server(engine)
    open_with_keyboard(page, server.url)
    bot_says(page, "Guten Tag!")
    page.get_by_role("button", name="Ohne Termin").focus()
    page.keyboard.press("Enter")
    bot_says(page, "Ohne Termin: Montag")
    answer = page.evaluate(
        """() => { const r = document.getElementById('buergerbot-widget').shadowRoot;
                   return r.activeElement && r.activeElement.textContent; }"""
    )
    assert answer.startswith("Bürgerservice: Ohne Termin: Montag")
    page.keyboard.press("Tab")
    assert page.evaluate(
        """() => document.getElementById('buergerbot-widget').shadowRoot
                  .activeElement.textContent"""
    ) in ("Mehr unter https://example.org/buergerservice.", "https://example.org/buergerservice")
    inside = set()
    for _ in range(25):
        page.keyboard.press("Tab")
        in_panel = page.evaluate(
            """() => { const r = document.getElementById('buergerbot-widget').shadowRoot;
                       return !!(r.activeElement && r.activeElement.closest('.bb-panel')); }"""
        )
        assert in_panel, "Tab left the dialog"
        inside.add(focused(page))
    assert {"bb-input", "bb-close", "bb-log"} <= inside
    for _ in range(25):
        page.keyboard.press("Shift+Tab")
        assert page.evaluate(
            """() => !!document.getElementById('buergerbot-widget').shadowRoot
                      .activeElement?.closest('.bb-panel')"""
        ), "Shift+Tab left the dialog"


def test_small_screens_get_an_icon_launcher(browser, make_server, engine):
    server = make_server(engine)
    context = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True)
    page = context.new_page()
    page.goto(server.url + "/")
    launcher = page.get_by_role("button", name="Fragen? Chat mit dem Bürgerservice")
    expect(launcher).to_be_visible()
    box = launcher.bounding_box()
    assert box["width"] <= 64 and box["height"] <= 64, box
    assert box["width"] >= 44 and box["height"] >= 44, box  # still a comfortable target
    shot(page, "widget-mobile-icon")
    context.close()


def test_the_javascript_api(page, make_server, engine):
    server = make_server(engine)
    page.goto(server.url + "/")
    page.wait_for_function("() => window.Buergerbot")
    page.evaluate(
        """() => { window.seen = [];
                   for (const e of ['open', 'close', 'send', 'message'])
                     Buergerbot.on(e, d => seen.push([e, d.text || '']));
                   document.addEventListener('buergerbot:message',
                     e => seen.push(['dom', e.detail.text])); }"""
    )
    page.evaluate("Buergerbot.open()")
    expect(page.locator(".bb-panel")).to_be_visible()
    bot_says(page, "Guten Tag!")
    page.evaluate("Buergerbot.send('hallo vom Stadtportal')")
    bot_says(page, "Sie schrieben: hallo vom Stadtportal")
    page.evaluate("Buergerbot.close()")
    expect(page.locator(".bb-panel")).to_be_hidden()
    seen = page.evaluate("seen")
    assert seen[0] == ["open", ""]
    assert ["send", "hallo vom Stadtportal"] in seen
    assert ["message", "Sie schrieben: hallo vom Stadtportal"] in seen
    assert ["dom", "Sie schrieben: hallo vom Stadtportal"] in seen
    assert seen[-1] == ["close", ""]
    assert engine.turns[-1].text == "hallo vom Stadtportal"


def test_the_page_language_holds_for_a_phone_number(page, make_server, engine):
    server = make_server(engine, extra_routes=[embed_page('src="/widget.js" data-lang="en"')])
    page.goto(server.url + "/city.html")
    page.locator(".bb-launcher").click()
    bot_says(page, "Guten Tag!")
    page.locator(".bb-form input").fill("0331 58 13 00")
    page.keyboard.press("Enter")
    bot_says(page, "Sie schrieben: 0331 58 13 00")
    assert [t.lang for t in engine.turns] == ["en", "en"]
    expect(page.get_by_role("button", name="Send")).to_be_visible()  # the UI stays English


def test_with_the_server_out_of_reach_the_phone_and_walk_in_hours_show(page, make_server, engine):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    attrs = f'src="/widget.js" data-server="{dead}" data-lang="de"'
    server = make_server(engine, city=CITY, extra_routes=[embed_page(attrs)])
    page.goto(server.url + "/city.html")
    page.wait_for_function("() => window.Buergerbot")
    page.evaluate("() => Buergerbot.on('offline', d => window.offline = d.phone)")
    page.locator(".bb-launcher").click()
    card = page.locator(".bb-fallback")
    expect(card).to_contain_text("Der Chat ist gerade nicht erreichbar")
    expect(card.get_by_role("link", name="(03381) 58 13 00")).to_have_attribute(
        "href", "tel:03381581300"
    )
    expect(card).to_contain_text("Ohne Termin können Sie zu diesen Zeiten kommen:")
    expect(card.locator("li")).to_have_text(
        [
            "Montag: 09:00–11:30 Uhr und 13:00–15:00 Uhr",
            "Dienstag: 14:00–18:00 Uhr",
            "Donnerstag: 09:00–11:30 Uhr und 13:00–15:00 Uhr",
        ]
    )
    expect(card).to_contain_text("Nicolaiplatz 30, 14770 Brandenburg an der Havel")
    expect(page.locator(".bb-status")).to_contain_text("Verbindung unterbrochen")
    assert page.evaluate("window.offline") == "(03381) 58 13 00"
    shot(page, "widget-server-down")


def test_the_confirmation_shows_code_date_time_and_place(page, make_server, engine):
    server = make_server(engine)
    open_with_keyboard(page, server.url)
    for tap in ("Termin buchen", "Personalausweis", "Mi, 15.09.", "09:00 Uhr"):
        page.get_by_role("button", name=tap).click()
    expect(page.locator(".bb-status")).to_have_text("Sicherheitsprüfung abgeschlossen.")
    page.get_by_role("button", name="Ja, buchen").click()
    card = page.locator(".bb-confirm")
    expect(card.locator(".bb-code")).to_have_text("BB-7K3Q")
    expect(card.locator(".bb-date")).to_have_text("Mittwoch, 15. September 2021")
    expect(card.locator(".bb-time")).to_have_text("09:00 Uhr")
    expect(card.locator(".bb-place")).to_have_text(
        "Bürgerservice, Nicolaiplatz 30, 14770 Brandenburg an der Havel"
    )
    shot(page, "widget-confirmation-card")


def test_assets_are_compressed_and_revalidate(make_server, engine):
    server = make_server(engine)
    for path in ("/widget.js", "/widget.css", "/"):
        r = httpx.get(server.url + path, headers={"Accept-Encoding": "gzip"})
        assert r.status_code == 200 and r.headers["content-encoding"] == "gzip", path
        assert int(r.headers["content-length"]) < len(r.content), path
    for path in ("/widget.js", "/widget.css"):
        r = httpx.get(server.url + path)
        assert r.headers["etag"] and "max-age" in r.headers["cache-control"]
        again = httpx.get(server.url + path, headers={"If-None-Match": r.headers["etag"]})
        assert again.status_code == 304 and again.content == b""
