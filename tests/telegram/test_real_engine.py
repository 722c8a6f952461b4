"""Through the real engine (NLU, rasa_sdk actions, SQLite) on Telegram: the citizen's view."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.bootstrap import build
from bot.staff import StaffService
from bot.telegram.application import TelegramBot, build_application
from bot.telegram.channel import RetryPolicy, TelegramChannel
from storage.audit import AuditLog
from storage.callbacks import CallbackStore
from storage.chats import ChatStatusStore
from tests.telegram.botapi_standin import TOKEN, BotApiStandIn, serving
from tests.telegram.conftest import audit_rows

pytestmark = pytest.mark.anyio
BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2021, 9, 13, 8, 0, tzinfo=BERLIN)
TUESDAY = datetime(2021, 9, 14, 15, 0, tzinfo=BERLIN)
CHAT = 5150


@pytest.fixture
async def live(tmp_path, interpreter):
    """The bootstrap's app on a fresh SQLite file, its Telegram channel polling the stand-in."""
    app = build(database_url=f"sqlite:///{tmp_path}/bot.db", interpreter=interpreter)
    clock = {"now": MONDAY}
    staff = StaffService(app.city, frozenset({"telegram:777"}), app.booking, AuditLog(app.db))
    channel = TelegramChannel(
        app.engine,
        app.city,
        CallbackStore(app.db),
        ChatStatusStore(app.db),
        lambda: clock["now"],
        staff,
        RetryPolicy(attempts=3, backoff=0.05),
    )
    api = BotApiStandIn()
    async with serving(api) as url:
        bot = TelegramBot(build_application(channel, TOKEN, url), "s3cret", poll_timeout=5)
        async with bot.running():
            yield api, app, clock
            api.release()
    app.db.dispose()


async def said(api: BotApiStandIn, chat: int, count: int):
    """The first `count` messages to `chat` (waits for them)."""
    return (
        await api.wait_for(
            lambda: len(api.sent("sendMessage", chat)) >= count and api.sent("sendMessage", chat)
        )
    )[:count]


def tap(api: BotApiStandIn, chat: int, title: str) -> None:
    """Tap `title` on the newest message to `chat` that offers it."""
    for call in reversed(api.sent("sendMessage", chat)):
        buttons = dict(api.keyboard_of(call))
        if title in buttons:
            api.tap(chat, api.message_of(call), buttons[title])
            return
    raise AssertionError(f"no button {title!r}")


def texts(api: BotApiStandIn, chat: int) -> str:
    return "\n".join(c.params["text"] for c in api.sent("sendMessage", chat))


async def test_start_and_the_walk_in_question(live) -> None:
    api, app, clock = live
    clock["now"] = TUESDAY
    api.message(CHAT, "/start")
    [greeting] = await said(api, CHAT, 1)
    assert greeting.params["text"].startswith("Guten Tag! Ich bin der Chat-Assistent")
    assert "Termin buchen" in dict(api.keyboard_of(greeting))
    api.message(CHAT, "Wann kann ich ohne Termin kommen?")
    await api.wait_for(
        lambda: "Gerade ist geöffnet (ohne Termin) bis 18:00 Uhr" in texts(api, CHAT)
    )
    assert "Dienstag: 14:00–18:00 Uhr" in texts(api, CHAT)


async def test_booking_by_taps_ends_with_the_ics_document_and_a_double_tap_books_once(live):
    api, app, clock = live
    api.message(CHAT, "/termin")
    await said(api, CHAT, 1)
    tap(api, CHAT, "Reisepass")
    await api.wait_for(lambda: "An welchem Tag" in texts(api, CHAT))
    tap(api, CHAT, "Di., 14.09.")
    await api.wait_for(lambda: "Welche Uhrzeit" in texts(api, CHAT))
    tap(api, CHAT, "09:15")
    await api.wait_for(lambda: "Wie ist Ihr Vor- und Nachname?" in texts(api, CHAT))
    api.message(CHAT, "Erika Mustermann")
    await api.wait_for(lambda: "E-Mail-Adresse oder Telefonnummer" in texts(api, CHAT))
    api.message(CHAT, "erika@example.org")
    await api.wait_for(lambda: "verbindlich buchen" in texts(api, CHAT))
    summary = api.sent("sendMessage", CHAT)[-1]
    yes = dict(api.keyboard_of(summary))["Ja"]
    api.tap(CHAT, api.message_of(summary), yes)
    api.tap(CHAT, api.message_of(summary), yes)
    document = await api.wait_for(lambda: api.sent("sendDocument", CHAT))
    filename, content = document[0].files["document"]
    assert filename.endswith(".ics") and b"BEGIN:VCALENDAR" in content
    assert (
        "Ihr Termin ist gebucht: Reisepass am Dienstag, 14. September 2021 um 09:15 Uhr"
        in texts(api, CHAT)
    )
    await api.wait_for(lambda: len(api.sent("answerCallbackQuery")) == 5)
    assert api.sent("answerCallbackQuery")[-1].params["text"] == "Hier haben Sie bereits gewählt."
    [booked] = app.booking.appointments_of(f"telegram:{CHAT}", MONDAY)
    assert booked.name == "Erika Mustermann" and f"Buchungsnummer: {booked.code}" in texts(
        api, CHAT
    )
    # every tapped message shows the choice and no keyboard any more
    assert api.message_of(summary)["text"].endswith("Ihre Auswahl: Ja")
    assert "reply_markup" not in api.message_of(summary)


async def test_non_staff_cutover_is_an_unknown_command_and_audited(live) -> None:
    api, app, clock = live
    api.message(CHAT, "/umstellung")
    [answer] = await said(api, CHAT, 1)
    api.message(CHAT, "/gibtesnicht")
    [_, unknown] = await said(api, CHAT, 2)
    assert answer.params["text"] == unknown.params["text"]  # indistinguishable from any typo
    assert ("citizen", "staff_refused", "telegram /umstellung") in audit_rows(app.db)
