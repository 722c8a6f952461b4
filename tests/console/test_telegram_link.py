"""Telegram staff commands over the console's accounts: a code shown in the console, sent once
as /verknuepfen CODE, links the chat; the role then decides, like in the console."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select

from bot.staff import StaffService
from bot.telegram.application import TelegramBot, build_application
from bot.telegram.channel import RetryPolicy, TelegramChannel
from storage.audit import AuditLog
from storage.booking import BookingService
from storage.broadcast import BroadcastService
from storage.callbacks import CallbackStore
from storage.chats import ChatStatusStore
from storage.cutover import CutoverService
from storage.models import AuditRow
from tests.console.conftest import NOW
from tests.outreach.population import populate
from tests.storage.support import berlin
from tests.telegram.botapi_standin import TOKEN, BotApiStandIn, serving
from tests.telegram.doubles import ScriptedEngine

CLERK_CHAT = "telegram:4242"
LISTED = "telegram:777"  # still in BUERGERBOT_STAFF_IDS while staff move to accounts


def staff_service(db, city, accounts) -> StaffService:
    return StaffService(city, frozenset({LISTED}), BookingService(db, city), AuditLog(db),
                        CutoverService(db, city), BroadcastService(db, city), accounts)  # fmt: skip


def member(accounts, name: str):
    return next(m for m, _ in accounts.members() if m.name == name)


def test_a_linked_clerk_works_the_day_but_runs_no_cutover(db, fresh_city, accounts):
    made = populate(db, 2, berlin(2021, 9, 13, 9, 0), NOW - timedelta(days=2))
    staff = staff_service(db, fresh_city, accounts)
    assert staff.command("tagesliste", "", CLERK_CHAT, NOW, "de") is None  # not yet staff

    code = accounts.new_link_code(member(accounts, "sb").id, NOW)
    (done,) = staff.command("verknuepfen", code.lower(), CLERK_CHAT, NOW, "de")
    assert done.text == "Verknüpft: Sie sind als sb angemeldet."
    (again,) = staff.command("verknuepfen", code, "telegram:999", NOW, "de")
    assert again.text.startswith("Dieser Code gilt nicht (mehr).")  # one use only

    (day,) = staff.command("tagesliste", "13.09.2021", CLERK_CHAT, NOW, "de")
    assert day.text.startswith("Termine am Montag, 13. September 2021: 2")
    staff.command("noshow", made.codes[0], CLERK_CHAT, NOW, "de")
    (refused,) = staff.command("umstellung", "14.09.2021", CLERK_CHAT, NOW, "de")
    assert refused.text == "Das darf nur die Leitung."
    forged = '/staff_cutover{"from": "2021-09-14"}'
    assert staff.confirm(forged, CLERK_CHAT, NOW, "de")[0].text == "Das darf nur die Leitung."
    with db.read() as s:
        rows = {(r.actor, r.action) for r in s.scalars(select(AuditRow))}
    assert ("staff:sb", "no_show") in rows and ("staff:sb", "staff_refused") in rows
    assert ("staff:sb", "staff_telegram_linked") in rows
    assert ("staff:sb", "cutover") not in rows


def test_a_linked_supervisor_and_a_listed_id_run_the_cutover(db, fresh_city, accounts):
    populate(db, 2, berlin(2021, 9, 14, 9, 0), NOW - timedelta(days=2))
    staff = staff_service(db, fresh_city, accounts)
    code = accounts.new_link_code(member(accounts, "leitung").id, NOW)
    staff.command("verknuepfen", code, "telegram:55", NOW, "de")
    (preview,) = staff.command("umstellung", "14.09.2021", "telegram:55", NOW, "de")
    (done,) = staff.confirm(preview.buttons[0].payload, "telegram:55", NOW, "de")
    assert done.text.startswith("Erledigt.")
    assert staff.command("tagesliste", "", LISTED, NOW, "de")  # the listed id still works
    with db.read() as s:
        actors = set(s.scalars(select(AuditRow.actor).where(AuditRow.action == "cutover")))
    assert actors == {"staff:leitung"}


def test_an_expired_or_unknown_code_links_nothing(db, fresh_city, accounts):
    staff = staff_service(db, fresh_city, accounts)
    code = accounts.new_link_code(member(accounts, "sb").id, NOW)
    later = NOW + timedelta(minutes=16)
    (late,) = staff.command("verknuepfen", code, CLERK_CHAT, later, "en")
    assert late.text.startswith("This code is not valid (any more).")
    (usage,) = staff.command("verknuepfen", "", CLERK_CHAT, NOW, "de")
    assert usage.text == "Bitte mit dem Code aus dem Mitarbeiterbereich: /verknuepfen CODE"
    assert not staff.is_staff(CLERK_CHAT)
    assert staff.command("verknuepfen", code, "web:abc", NOW, "de") is None  # Telegram only


def test_the_link_command_through_the_telegram_channel(db, fresh_city, accounts):
    """The real PTB client against the Bot API stand-in: the chat sends the code, is linked."""
    code = accounts.new_link_code(member(accounts, "sb").id, NOW)
    staff = staff_service(db, fresh_city, accounts)
    stores = CallbackStore(db), ChatStatusStore(db)
    retry = RetryPolicy(attempts=3, backoff=0.05)
    channel = TelegramChannel(ScriptedEngine(), fresh_city, *stores, lambda: NOW, staff, retry)

    async def scenario() -> str:
        api = BotApiStandIn()
        async with serving(api) as url:
            bot = TelegramBot(build_application(channel, TOKEN, url), "s3cret", poll_timeout=5)
            async with bot.running():
                api.message(4242, f"/verknuepfen {code}")
                (call,) = await api.wait_for(lambda: api.sent("sendMessage", 4242))
                api.release()
                return call.params["text"]

    assert asyncio.run(scenario()) == "Verknüpft: Sie sind als sb angemeldet."
    assert member(accounts, "sb").telegram_sender == CLERK_CHAT
