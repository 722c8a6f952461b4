"""The staff console in headless Chromium: sign-in, the day list at a counter's small screen,
a cutover from dry run to report with live progress, a broadcast, a closure day and its notices,
and axe-core on every page."""

from __future__ import annotations

import asyncio
import contextlib
import re
import threading
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import expect, sync_playwright
from sqlalchemy import select
from starlette.applications import Starlette

from app.config import load_city
from bot.console.app import Console, console_mount
from bot.delivery.email import EmailSender
from bot.delivery.pacing import Pacer
from bot.delivery.telegram import TelegramSender, outbox_bot
from bot.delivery.worker import DeliveryWorker, Lane
from office.osm import osm_hours
from office.schedule import Kind
from storage.chats import ChatStatusStore
from storage.db import open_database
from storage.models import AppointmentRow, AuditRow, OutboxRow
from storage.outbox import Outbox
from storage.staff import Policy, StaffAccounts
from tests.conftest import CONFIG
from tests.console.conftest import NOW, PASSWORD, QUICK, Clock, services_over
from tests.outreach.population import populate
from tests.serving import free_port
from tests.storage.support import berlin
from tests.telegram.botapi_standin import TOKEN, BotApiStandIn, serving
from tests.web.browser import axe_violations, launch, shot
from tests.web.webfakes import LiveServer

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}  # the counter's small screen
# Telegram, Telegram, web widget, phone only, e-mail only: every route a notice can take.
KINDS = ("telegram", "telegram", "web", "phone", "email")


class Site:
    def __init__(self, tmp_path):
        self.db = open_database(f"sqlite:///{tmp_path}/console.db")
        self.db.upgrade()
        self.city = load_city(CONFIG)
        self.clock = Clock()
        accounts = StaffAccounts(self.db, Policy(max_failures=3), hasher=QUICK)
        accounts.add("sb", "clerk", PASSWORD, NOW)
        accounts.add("leitung", "supervisor", PASSWORD, NOW)
        self.services = services_over(self.db, self.city, accounts)
        self.booking = self.services.booking
        self.console = Console(self.services, self.clock)
        self.server = LiveServer(Starlette(routes=[console_mount(self.console)]))
        self.url = self.server.url

    def rows(self, model, *where):
        with self.db.read() as s:
            return list(s.scalars(select(model).where(*where)))


@pytest.fixture
def site(tmp_path):
    made = Site(tmp_path)
    with made.server:
        yield made
    made.db.dispose()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    # bypass_csp: axe-core is injected as an inline script, which the console's CSP forbids.
    context = browser.new_context(viewport=PHONE, locale="de-DE", bypass_csp=True)
    page = context.new_page()
    page.navigations = []
    page.on("framenavigated", lambda f: f == page.main_frame and page.navigations.append(f.url))
    yield page
    context.close()


def sign_in(page, site: Site, name: str, target: str = "/staff/day") -> None:
    page.goto(site.url + target)
    expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()
    page.get_by_label("Benutzername").fill(name)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def clean(page) -> None:
    """No axe-core violation at all (WCAG 2.1 AA and best practice), and nothing wider than
    the screen."""
    assert axe_violations(page) == [], page.url
    width = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert width <= 0, f"{page.url} scrolls sideways by {width}px"


class Mailbox:
    def __init__(self) -> None:
        self.received: list[tuple[str, str]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        message = message_from_bytes(envelope.original_content)
        self.received += [(rcpt, str(message["Subject"])) for rcpt in envelope.rcpt_tos]
        return "250 OK"


def deliver(site: Site, telegram: BotApiStandIn | None = None, smtp: int | None = None) -> None:
    """One delivery worker over the given lanes until they have nothing left, in a thread of
    its own (Playwright holds this thread's event loop)."""

    def clock() -> datetime:
        return datetime.now(UTC)

    async def run() -> None:
        async with contextlib.AsyncExitStack() as stack:
            lanes = []
            if telegram:
                url = await stack.enter_async_context(serving(telegram))
                sender = TelegramSender(outbox_bot(TOKEN, url, 4), ChatStatusStore(site.db), clock)
                lanes.append(Lane(sender, Pacer(200), 4))
            if smtp:
                email = EmailSender(f"smtp://127.0.0.1:{smtp}", "bs@example.org")
                lanes.append(Lane(email, Pacer(200, per_address=0), 1))
            worker = DeliveryWorker(Outbox(site.db), lanes, clock, poll=0.05, lease_ttl=3)
            await worker.run(drain=True)
            for lane in lanes:
                await lane.sender.close()

    failed: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(run())
        except BaseException as e:  # noqa: BLE001 - re-raised in the test's thread
            failed.append(e)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(60)
    assert not thread.is_alive() and not failed, failed


def test_sign_in_and_work_the_day_at_a_small_screen(page, site):
    made = populate(site.db, 5, berlin(2021, 9, 13, 9, 45), NOW - timedelta(days=5), KINDS)
    site.clock.now = berlin(2021, 9, 13, 9, 50)
    page.goto(site.url + "/staff/day")
    expect(page).to_have_url(site.url + "/staff/login?next=/staff/day")
    clean(page)
    page.get_by_label("Benutzername").fill("sb")
    page.get_by_label("Passwort").fill("falsch-falsch")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("alert")).to_have_text("Benutzername oder Passwort stimmt nicht.")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(
        page.get_by_role("heading", name="Termine am Montag, 13. September 2021")
    ).to_be_visible()
    expect(page.get_by_text("Angemeldet: sb (Sachbearbeitung)")).to_be_visible()
    expect(page.get_by_role("link", name="Rundschreiben")).to_have_count(0)  # clerk's menu
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(5)
    clean(page)
    shot(page, "console-day-phone")

    # 09:45 has begun (it is 09:50): no-show. 10:00 is ahead: cancel with a reason.
    first, later = made.codes[0], made.codes[3]
    page.get_by_role("button", name=f"{first} nicht erschienen").click()
    expect(page.get_by_role("status")).to_have_text(f"{first} ist als nicht erschienen vermerkt.")
    page.get_by_label("Suche nach Terminnummer oder Name").fill("p 3")
    page.get_by_role("button", name="Anzeigen").click()
    expect(rows).to_have_count(1)
    page.get_by_label("Grund").select_option("office_absence")
    page.get_by_role("button", name=f"{later} absagen").click()
    expect(page.get_by_role("status")).to_have_text(
        f"{later} ist abgesagt; die Person wird benachrichtigt."
    )
    expect(page.locator(f"#row-{later}")).to_contain_text("vom Amt abgesagt")

    page.get_by_label("Suche nach Terminnummer oder Name").fill(made.codes[4].lower())
    page.get_by_label("Tag").fill("2021-09-20")
    page.get_by_role("button", name="Anzeigen").click()  # a code finds its day, whatever day
    expect(page.locator("tr.found")).to_contain_text(made.codes[4])
    clean(page)

    statuses = {a.code: a.status for a in site.rows(AppointmentRow)}
    assert statuses[first] == "no_show" and statuses[later] == "cancelled_by_office"
    (notice,) = site.rows(OutboxRow, OutboxRow.campaign == f"cancel:{later}")
    assert notice.channel == "none"  # P 3 has a phone only: on the list to call
    assert "Wegen eines Ausfalls im Bürgerservice." in notice.payload["text"]
    actors = {(r.action, r.actor) for r in site.rows(AuditRow)}
    assert {
        ("no_show", "staff:sb"),
        ("cancel_by_office", "staff:sb"),
        ("staff_login", "staff:sb"),
    } <= actors


def test_a_cutover_from_dry_run_to_report_with_live_progress(page, site):
    populate(site.db, 5, berlin(2021, 9, 14, 9, 0), NOW - timedelta(days=5), KINDS)
    sign_in(page, site, "leitung", "/staff/cutover?from=2021-09-14")
    expect(page.locator("#cutover-total")).to_have_text("Abzusagende Termine: 5")
    by_channel = page.get_by_role("table", name="Benachrichtigungen nach Weg")
    for channel, n in (("Telegram", 2), ("E-Mail", 1), ("Web-Chat", 1), ("Kein Weg (anrufen)", 1)):
        expect(by_channel.get_by_role("row", name=f"{channel} {n}")).to_be_visible()
    clean(page)
    shot(page, "console-cutover-dry-run")
    assert {a.status for a in site.rows(AppointmentRow)} == {"booked"}  # a dry run changes nothing

    page.get_by_role("button", name="Umstellung bestätigen (5 Termine)").click()
    heading = page.get_by_role("heading", name="Umstellung ab Dienstag, 14. September 2021")
    expect(heading).to_be_visible()
    expect(page.locator('[data-count="pending"]')).to_have_text("3")  # 2 chats, 1 e-mail
    expect(page.locator('[data-count="undeliverable"]')).to_have_text("1")
    clean(page)
    arrived = len(page.navigations)

    telegram = BotApiStandIn()
    deliver(site, telegram=telegram)  # the chats first; the e-mail still waits
    expect(page.locator('[data-count="delivered"]')).to_have_text("2")
    expect(page.locator("#progress-text")).to_have_text("4 von 5 Nachrichten abgeschlossen")
    expect(page.locator("#progress")).to_have_attribute("data-live", "yes")
    assert len(page.navigations) == arrived  # pushed by the server, no reload
    assert sorted(c.params["chat_id"] for c in telegram.calls if c.method == "sendMessage") == [
        5_000_000,
        5_000_001,
    ]

    mailbox = Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    try:
        deliver(site, smtp=smtp.port)
    finally:
        smtp.stop()
    report = page.locator("#report")
    expect(report).to_be_visible()  # done: the page shows the whole report
    expect(page.locator('[data-count="delivered"]')).to_have_text("3")
    to_call = report.get_by_role("table", name="Personen ohne Nachricht: 1")
    expect(to_call).to_contain_text("P 3")
    expect(to_call).to_contain_text("+4915100000003")
    expect(report).to_contain_text("1 Nachrichten im Web-Chat werden beim nächsten Besuch gezeigt.")
    assert [r for r, _ in mailbox.received] == ["p4@example.org"]
    clean(page)
    shot(page, "console-cutover-report")
    assert {a.status for a in site.rows(AppointmentRow)} == {"cancelled_by_cutover"}
    assert ("cutover", "staff:leitung") in {(r.action, r.actor) for r in site.rows(AuditRow)}


def test_a_broadcast_with_its_preview_in_both_languages(page, site):
    populate(site.db, 5, berlin(2021, 9, 14, 9, 0), NOW - timedelta(days=5), KINDS)
    sign_in(page, site, "leitung", "/staff/broadcast")
    page.get_by_label("Alle Erreichbaren (4)").check()
    page.get_by_label("Text auf Deutsch").fill("Am Freitag öffnen wir erst um 10 Uhr.")
    page.get_by_label("Text auf Englisch").fill("On Friday we open at 10 only.")
    page.get_by_role("button", name="Vorschau").click()
    expect(page.locator("#preview-de")).to_contain_text("Am Freitag öffnen wir erst um 10 Uhr.")
    expect(page.locator("#preview-en")).to_contain_text("On Friday we open at 10 only.")
    expect(page.locator("#preview-de")).to_contain_text("Neuigkeiten vom")
    clean(page)
    shot(page, "console-broadcast-preview")
    page.get_by_role("button", name="Jetzt senden (4)").click()
    expect(page.get_by_role("heading", name="Rundschreiben")).to_be_visible()
    expect(page.locator('[data-count="pending"]')).to_have_text("3")
    rows = site.rows(OutboxRow, OutboxRow.campaign.like("news:%"))
    texts = {r.payload["lang"]: r.payload["text"] for r in rows}
    assert len(rows) == 4 and texts["de"] == "Am Freitag öffnen wir erst um 10 Uhr."

    mailbox = Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    try:
        deliver(site, telegram=BotApiStandIn(), smtp=smtp.port)
    finally:
        smtp.stop()
    expect(page.locator("#report")).to_contain_text("Alle Personen wurden erreicht.")
    expect(page.locator('[data-count="delivered"]')).to_have_text("3")
    assert ("broadcast", "staff:leitung") in {(r.action, r.actor) for r in site.rows(AuditRow)}


def test_a_closure_day_lists_cancels_and_tells_and_the_schedule_knows_at_once(page, site):
    day = date(2021, 9, 15)  # a Wednesday with appointment hours
    populate(site.db, 5, berlin(2021, 9, 15, 9, 0), NOW - timedelta(days=5), KINDS)
    assert site.city.schedule.day(day, Kind.APPOINTMENT)
    assert site.booking.free_slots("personalausweis", NOW, day=day)
    sign_in(page, site, "leitung", "/staff/closures")
    page.get_by_label("Tag", exact=True).fill(day.isoformat())
    page.get_by_label("Den ganzen Tag geschlossen").check()
    page.get_by_label("Grund auf Deutsch").fill("Betriebsausflug")
    page.get_by_label("Grund auf Englisch").fill("staff outing")
    page.get_by_role("button", name="Betroffene Termine anzeigen").click()
    expect(page.locator("#affected-count")).to_have_text("Betroffene Termine: 5")
    affected = page.get_by_role("table", name="Diese Termine werden abgesagt")
    expect(affected.locator("tbody tr")).to_have_count(5)
    notice = page.get_by_text("Der Bürgerservice ist an diesem Tag geschlossen: Betriebsausflug.")
    expect(notice).to_be_visible()
    clean(page)
    shot(page, "console-closure-preview")
    assert {a.status for a in site.rows(AppointmentRow)} == {"booked"}

    page.get_by_role("button", name="Schließung eintragen und 5 Termine absagen").click()
    heading = page.get_by_role("heading", name="Schließtag Mittwoch, 15. September 2021")
    expect(heading).to_be_visible()
    expect(page.locator('[data-count="undeliverable"]')).to_have_text("1")
    clean(page)
    notices = site.rows(OutboxRow, OutboxRow.campaign == "closure:2021-09-15")
    assert len(notices) == 5
    english = [n for n in notices if n.payload["lang"] == "en"]
    assert english and "closed on that day: staff outing." in english[0].payload["text"]
    assert {a.status for a in site.rows(AppointmentRow)} == {"cancelled_by_office"}

    # The schedule's answers, the free slots and the exports change at once.
    assert site.city.schedule.day(day) == []
    assert site.city.schedule.closed_reason(day) == "Betriebsausflug"
    assert site.booking.free_slots("personalausweis", NOW, day=day) == []
    assert day not in site.booking.free_days("personalausweis", NOW, 10)
    (office,) = {h.office for h in osm_hours(site.city.schedule) if "2021+" in (h.office or "")}
    assert '2021 Sep 15 off "Betriebsausflug"' in office

    page.goto(site.url + "/staff/closures")
    expect(page.locator("#closure-list")).to_contain_text(
        "Mittwoch, 15. September 2021: geschlossen – Betriebsausflug"
    )
    clean(page)


def test_every_other_page_passes_axe_for_both_roles(page, site):
    populate(site.db, 3, berlin(2021, 9, 13, 11, 0), NOW - timedelta(days=5), KINDS)
    sign_in(page, site, "leitung")
    for path in ("/staff/audit", "/staff/accounts", "/staff/telegram"):
        page.goto(site.url + path)
        clean(page)
    page.goto(site.url + "/staff/audit?actor=staff:leitung")
    expect(page.get_by_role("table")).to_contain_text("staff_login")
    page.goto(site.url + "/staff/waitlist?date=2021-09-13&service=reisepass")
    expect(page.locator("#waitlist-empty")).to_contain_text("wartet niemand")
    clean(page)
    page.goto(site.url + "/staff/telegram")
    page.get_by_role("button", name="Neuen Code erzeugen").click()
    expect(page.locator("#link-code")).to_have_text(re.compile(r"^/verknuepfen [A-Z2-9]{8}$"))
    clean(page)
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name="Link Telegram")).to_be_visible()
    page.goto(site.url + "/staff/day")
    english = page.get_by_role("heading", name="Appointments on Monday, 13 September 2021")
    expect(english).to_be_visible()
    clean(page)
    page.get_by_role("link", name="Deutsch").click()
    page.get_by_role("button", name="Abmelden").click()
    sign_in(page, site, "sb", "/staff/closures")
    expect(page.get_by_role("heading", name="Schließtage und früher Feierabend")).to_be_visible()
    expect(page.get_by_role("button", name="Betroffene Termine anzeigen")).to_have_count(0)
    clean(page)
