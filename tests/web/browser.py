"""Headless Chromium (Debian's package) driven by Playwright, and axe-core for the a11y scan."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).parents[1] / "artifacts"


def launch(playwright):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def focused(page) -> str:
    """What has the keyboard focus, looking into the widget's shadow root."""
    return page.evaluate(
        """() => { let a = document.activeElement;
                   while (a && a.shadowRoot && a.shadowRoot.activeElement)
                     a = a.shadowRoot.activeElement;
                   return a ? (a.id || a.className || a.tagName) : ""; }"""
    )


def tab_to(page, target: str, limit: int = 30) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page) == target:
            return
    raise AssertionError(f"Tab never reached {target!r}")


def axe_violations(page) -> list[dict]:
    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: `make test` installs axe-core with npm")
    # Evaluated by the test driver, not as a page script: the page's strict CSP refuses those.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;void 0")
    return page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations'],
               runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}))
             .violations
             .map(v => ({id: v.id, impact: v.impact, help: v.help,
                         nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))"""
    )


def open_with_keyboard(page, url: str) -> None:
    page.goto(url + "/")
    tab_to(page, "bb-launcher")
    page.keyboard.press("Enter")
    expect(page.locator(".bb-panel")).to_be_visible()
    assert focused(page) == "bb-input"


def bot_says(page, text: str) -> None:
    expect(page.locator(".bb-bot", has_text=text).last).to_be_visible()


def say(page, text: str) -> None:
    page.locator(".bb-form input").fill(text)
    page.keyboard.press("Enter")


def tap(page, title: str) -> None:
    page.get_by_role("button", name=title, exact=True).click()
