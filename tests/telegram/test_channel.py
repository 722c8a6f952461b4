"""Citizens and staff on Telegram: the real PTB client over HTTP against the Bot API stand-in."""

from __future__ import annotations

import logging

import pytest

from tests.telegram.conftest import NOW, STAFF_ID, Harness, audit_rows, undeliverable

pytestmark = pytest.mark.anyio
CHAT = 4242


async def reply(h: Harness, chat: int, count: int = 1):
    """The `count`-th sendMessage to `chat` (waits for it)."""
    calls = await h.api.wait_for(lambda: len(h.api.sent("sendMessage", chat)) >= count or None)
    return h.api.sent("sendMessage", chat)[count - 1] if calls else None


async def tap(h: Harness, chat: int, call, title: str) -> None:
    """Tap the button titled `title` on the message sent by `call`."""
    data = dict(h.api.keyboard_of(call))[title]
    h.api.tap(chat, h.api.message_of(call), data)


async def test_start_greets_with_inline_buttons(harness: Harness) -> None:
    h = harness
    h.api.message(CHAT, "/start")
    greeting = await reply(h, CHAT)
    assert h.engine.turns[0].text == "/greet"
    assert h.engine.turns[0].sender == f"telegram:{CHAT}" and h.engine.turns[0].lang == "de"
    assert greeting.params["text"].startswith("Guten Tag")
    buttons = h.api.keyboard_of(greeting)
    assert [title for title, _ in buttons] == ["Termin buchen", "Ohne Termin"]
    for _, data in buttons:  # short server-side ids, never the payload itself
        assert len(data.encode()) <= 64 and "/" not in data
    typing = h.api.sent("sendChatAction", CHAT)
    assert typing and typing[0].params["action"] == "typing" and typing[0].at <= greeting.at


async def test_command_menu_published_in_german_and_english(harness: Harness) -> None:
    menus = {
        c.params.get("language_code"): c.params["commands"]
        for c in harness.api.sent("setMyCommands")
    }
    assert set(menus) == {None, "de", "en"}
    german = {c["command"]: c["description"] for c in menus["de"]}
    english = {c["command"]: c["description"] for c in menus["en"]}
    assert (
        german["termin"] == "Termin buchen" and german["ohnetermin"] == "Sprechzeiten ohne Termin"
    )
    assert english["book"] == "Book an appointment" and "datenschutz" in german
    assert menus[None] == menus["de"]
    assert len(german) == len(english) == 9


async def test_walk_in_question_as_text_and_as_command(harness: Harness) -> None:
    h = harness
    h.api.message(CHAT, "Wann kann ich ohne Termin kommen?")
    answer = await reply(h, CHAT)
    assert h.engine.turns[-1].text == "Wann kann ich ohne Termin kommen?"
    assert "09:00–11:30 Uhr" in answer.params["text"]
    h.api.message(CHAT, "/ohnetermin", lang="en-GB")
    await reply(h, CHAT, 2)
    assert h.engine.turns[-1].text == "/ask_walkin_hours" and h.engine.turns[-1].lang == "en"


async def test_full_booking_by_taps_ends_with_ics_document(harness: Harness) -> None:
    h = harness
    h.api.message(CHAT, "/termin")
    services = await reply(h, CHAT)
    await tap(h, CHAT, services, "Reisepass")
    days = await reply(h, CHAT, 2)
    # the tapped message now shows the choice and has no keyboard left
    tapped = h.api.message_of(services)
    assert tapped["text"].endswith("Ihre Auswahl: Reisepass") and "reply_markup" not in tapped
    await tap(h, CHAT, days, "Mi 15.09.")
    slots = await reply(h, CHAT, 3)
    assert len(h.api.keyboard_of(slots)) == 4
    assert len(slots.params["reply_markup"]["inline_keyboard"][0]) == 3  # times side by side
    await tap(h, CHAT, slots, "09:15")
    await reply(h, CHAT, 4)
    h.api.message(CHAT, "Erika Mustermann")
    await reply(h, CHAT, 5)
    h.api.message(CHAT, "erika@example.org")
    summary = await reply(h, CHAT, 6)
    await tap(h, CHAT, summary, "Ja, buchen")
    document = await h.api.wait_for(lambda: h.api.sent("sendDocument", CHAT))
    filename, content = document[0].files["document"]
    assert filename == "termin-BB-7K3QX.ics"
    assert content.startswith(b"BEGIN:VCALENDAR") and b"SUMMARY:Personalausweis" in content
    confirmation = h.api.sent("sendMessage", CHAT)[-1]
    assert "BB-7K3QX" in confirmation.params["text"] and confirmation.at <= document[0].at
    assert h.engine.bookings == [{"sender": f"telegram:{CHAT}", "name": "Erika Mustermann"}]
    assert [t.text for t in h.engine.turns][:3] == [
        "/book_appointment",
        '/inform{"service":"reisepass"}',
        '/inform{"date":"2021-09-15"}',
    ]


async def book_until_summary(h: Harness, chat: int):
    h.api.message(chat, "/termin")
    await tap(h, chat, await reply(h, chat), "Personalausweis")
    await tap(h, chat, await reply(h, chat, 2), "Fr 17.09.")
    await tap(h, chat, await reply(h, chat, 3), "09:00")
    await reply(h, chat, 4)
    h.api.message(chat, "Max")
    await reply(h, chat, 5)
    h.api.message(chat, "max@example.org")
    return await reply(h, chat, 6)


async def test_double_tap_books_once(harness: Harness) -> None:
    h = harness
    summary = await book_until_summary(h, CHAT)
    data = dict(h.api.keyboard_of(summary))
    message = h.api.message_of(summary)
    h.api.tap(CHAT, message, data["Ja, buchen"])
    h.api.tap(CHAT, message, data["Ja, buchen"])  # the impatient second tap, same keyboard
    h.api.tap(CHAT, message, data["Nein"])  # and the other button of the answered keyboard
    answers = await h.api.wait_for(
        lambda: len(h.api.sent("answerCallbackQuery")) >= 6 and h.api.sent("answerCallbackQuery")
    )
    assert [a.params.get("text") for a in answers[-3:]] == [
        None,
        "Hier haben Sie bereits gewählt.",
        "Hier haben Sie bereits gewählt.",
    ]
    await h.api.wait_for(lambda: h.api.sent("sendDocument", CHAT))
    assert len(h.engine.bookings) == 1
    assert sum(t.text == "/affirm" for t in h.engine.turns) == 1
    assert not any(t.text == "/deny" for t in h.engine.turns)


async def test_forged_or_foreign_callback_is_refused_politely(harness: Harness) -> None:
    h = harness
    h.api.message(CHAT, "/start")
    greeting = await reply(h, CHAT)
    h.api.tap(CHAT, h.api.message_of(greeting), "forged-id-123")
    refusal = await h.api.wait_for(lambda: h.api.sent("answerCallbackQuery"))
    assert refusal[0].params["text"].startswith("Diese Schaltfläche ist nicht mehr gültig")
    assert refusal[0].params["show_alert"] is True
    # another user's client sends this chat's real button id from their own chat
    other = 999
    h.api.message(other, "/start", lang="en")
    own = await reply(h, other)
    h.api.tap(other, h.api.message_of(own), h.api.keyboard_of(greeting)[0][1], lang="en")
    refusals = await h.api.wait_for(
        lambda: len(h.api.sent("answerCallbackQuery")) == 2 and h.api.sent("answerCallbackQuery")
    )
    assert refusals[1].params["text"].startswith("This button is no longer valid")
    assert [t.text for t in h.engine.turns] == ["/greet", "/greet"]
    # the owner's keyboard is untouched and still works
    assert "reply_markup" in h.api.message_of(greeting)
    await tap(h, CHAT, greeting, "Ohne Termin")
    await reply(h, CHAT, 2)
    assert h.engine.turns[-1].text == "/ask_walkin_hours"


async def test_user_who_blocked_the_bot_is_marked_and_not_retried(harness: Harness) -> None:
    h = harness
    h.api.fail("sendMessage", 403, chat_id=CHAT, times=10)
    h.api.message(CHAT, "/start")
    await h.api.wait_for(lambda: f"telegram:{CHAT}" in undeliverable(h.db))
    assert len(h.api.sent("sendMessage", CHAT, ok=False)) == 1  # Forbidden is final
    # others are still served, and Telegram's own "blocked" notice is understood too
    h.api.message(5, "/start")
    await reply(h, 5)
    h.api.block(6)
    await h.api.wait_for(lambda: "telegram:6" in undeliverable(h.db))
    assert undeliverable(h.db) == {f"telegram:{CHAT}", "telegram:6"}


async def test_flood_control_retry_after_is_honoured(harness: Harness) -> None:
    h = harness
    h.api.fail("sendMessage", 429, chat_id=CHAT, retry_after=1)
    h.api.message(CHAT, "/start")
    delivered = await reply(h, CHAT)
    refused = h.api.sent("sendMessage", CHAT, ok=False)
    assert len(refused) == 1 and refused[0].status == 429
    assert delivered.at - refused[0].at >= 1.0
    assert delivered.params["text"].startswith("Guten Tag")
    assert len(h.engine.turns) == 1  # the engine ran once; only the delivery was repeated


async def test_network_error_is_retried_with_backoff(harness: Harness) -> None:
    h = harness
    h.api.fail("sendMessage", 502, chat_id=CHAT, times=2)
    h.api.message(CHAT, "/start")
    delivered = await reply(h, CHAT)
    failed = h.api.sent("sendMessage", CHAT, ok=False)
    assert [c.status for c in failed] == [502, 502]
    assert failed[1].at - failed[0].at >= 0.05 and delivered.at - failed[1].at >= 0.1


async def test_unexpected_error_apologises_and_logs_without_text(harness, caplog) -> None:
    h = harness
    secret = "Mein Name ist Erika, erika@example.org"
    h.engine.fail_on = secret
    with caplog.at_level(logging.INFO):
        h.api.message(CHAT, secret)
        apology = await reply(h, CHAT)
    assert apology.params["text"].startswith("Entschuldigung, da ist bei mir etwas schiefgegangen")
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors and errors[0].exc_info and errors[0].exc_info[0] is RuntimeError
    assert not any("erika@example.org" in r.getMessage() for r in caplog.records)


async def test_privacy_and_non_text_messages(harness: Harness) -> None:
    h = harness
    h.api.message(CHAT, "/datenschutz")
    privacy = await reply(h, CHAT)
    assert "30 Tage nach dem Termin" in privacy.params["text"]
    assert "(03381) 58 13 00" in privacy.params["text"]
    h.api.photo(CHAT)
    only_text = await reply(h, CHAT, 2)
    assert only_text.params["text"].startswith("Ich kann leider nur Textnachrichten lesen")
    assert h.engine.turns == []


async def test_non_staff_cutover_gets_the_fallback_and_is_audited(harness: Harness) -> None:
    h = harness
    before = audit_rows(h.db)
    h.api.message(CHAT, "/umstellung")
    answer = await reply(h, CHAT)
    assert answer.params["text"] == "Das habe ich leider nicht verstanden."
    assert h.engine.turns[-1].text == "/umstellung"
    assert audit_rows(h.db)[len(before) :] == [("citizen", "staff_refused", "telegram /umstellung")]
    assert h.cutover.runs == []
    assert all(a.status.active for a in h.booking.day_list(NOW.date()))


async def test_staff_sees_the_day_list(harness: Harness) -> None:
    h = harness
    first, second = h.booking.day_list(NOW.date())
    h.api.message(STAFF_ID, "/tagesliste 15.09.2021")
    day = await reply(h, STAFF_ID)
    assert day.params["text"].splitlines() == [
        "Termine am Mittwoch, 15. September 2021: 2",
        f"09:00 Uhr · {first.code} · Personalausweis · Erika Mustermann · gebucht",
        f"09:15 Uhr · {second.code} · Reisepass · Max Muster · gebucht",
    ]
    h.api.message(STAFF_ID, "/tagesliste")  # today by default (the injected clock)
    today = await reply(h, STAFF_ID, 2)
    assert today.params["text"] == day.params["text"]
    assert h.engine.turns == []


async def test_staff_no_show_and_cutover_with_confirmation(harness: Harness) -> None:
    h = harness
    first = h.booking.day_list(NOW.date())[0]
    h.api.message(STAFF_ID, f"/noshow {first.code.lower()}")
    marked = await reply(h, STAFF_ID)
    assert marked.params["text"] == f"{first.code} ist als nicht erschienen vermerkt."
    assert h.booking.appointment(first.code).status == "no_show"
    assert ("telegram:777", "no_show", None) in audit_rows(h.db)
    h.api.message(STAFF_ID, "/umstellung")
    preview = await reply(h, STAFF_ID, 2)
    assert preview.params["text"].splitlines() == [
        "Umstellung ab Mittwoch, 1. September 2021. Aktive Termine, die abgesagt und deren "
        "Inhaber benachrichtigt würden: 2",
        "Freitag, 17. September 2021: 1",
        "Dienstag, 21. September 2021: 1",
        "telegram: 2",
    ]
    assert h.api.keyboard_of(preview)[0][0] == "Jetzt absagen (2)"
    assert h.cutover.runs == []  # nothing happens before the confirmation
    data = h.api.keyboard_of(preview)[0][1]
    h.api.tap(STAFF_ID, h.api.message_of(preview), data)
    h.api.tap(STAFF_ID, h.api.message_of(preview), data)
    done = await reply(h, STAFF_ID, 3)
    assert done.params["text"].startswith("Erledigt. Abgesagte Termine ab Mittwoch, 1. Sept")
    assert ": 2. Die Benachrichtigungen werden versandt." in done.params["text"]
    await h.api.wait_for(lambda: len(h.api.sent("answerCallbackQuery")) == 2)
    assert len(h.cutover.runs) == 1 and h.engine.turns == []
    left = [a.status for d in (15, 17, 21) for a in h.booking.day_list(NOW.date().replace(day=d))]
    assert left == ["no_show", "booked"]  # the cancelled ones left the day list; past ones stay
