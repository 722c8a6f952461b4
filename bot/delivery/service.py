"""The worker over the services bundle: which lanes the settings configure, and running it in a
server."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from datetime import datetime

from app.services import Services
from app.settings import Settings
from bot.delivery.pacing import Pacer
from bot.delivery.web import WebNotices
from bot.delivery.worker import DeliveryWorker, Lane, Listener, stopped_within
from bot.web.connections import Connections
from storage.chats import ChatStatusStore

log = logging.getLogger(__name__)
TELEGRAM_IN_FLIGHT = 8


def lanes_from_settings(
    settings: Settings,
    chats: ChatStatusStore,
    clock: Callable[[], datetime],
    mail_keep_days: int,
    telegram_rate: float | None = None,
) -> list[Lane]:
    """A lane per channel: Telegram with TELEGRAM_BOT_TOKEN; e-mail always, through SMTP_URL
    or, without it, into the local mail drop (which keeps a message `mail_keep_days`)."""
    lanes = []
    token = settings.telegram_token
    if token:
        from bot.delivery.telegram import TelegramSender, outbox_bot

        bot = outbox_bot(token, settings.telegram_api_url, TELEGRAM_IN_FLIGHT + 2)
        rate = telegram_rate or settings.telegram_notice_rate
        lanes.append(Lane(TelegramSender(bot, chats, clock), Pacer(rate), TELEGRAM_IN_FLIGHT))
    from bot.delivery.email import EmailSender, MailDrop

    smtp = settings.smtp_url
    mail = (
        EmailSender(smtp, settings.mail_from)
        if smtp
        else MailDrop(settings.mail_drop_folder, settings.mail_from, mail_keep_days * 86400.0)
    )
    lanes.append(Lane(mail, Pacer(settings.email_notice_rate, per_address=0), 1))
    return lanes


async def run_worker(
    services: Services,
    *,
    stop: asyncio.Event | None = None,
    drain: bool = False,
    telegram_rate: float | None = None,
    listener: Listener | None = None,
    lease_ttl: float = 15.0,
    clock: Callable[[], datetime] | None = None,
) -> DeliveryWorker:
    """Run the worker over the configured lanes (perhaps none); its lease holder also sweeps
    reminders and runs the event consumers, which must advance without any lane too."""
    tz = services.city.tz
    clock = clock or (lambda: datetime.now(tz))
    keep = services.city.retention.notice_days
    lanes = lanes_from_settings(services.settings, services.chats, clock, keep, telegram_rate)
    chores = (
        ()
        if drain
        else (
            services.reminders.sweep,
            services.booking.release_unverified,
            *event_chores(services),
        )
    )
    worker = DeliveryWorker(services.outbox, lanes, clock, lease_ttl=lease_ttl, listener=listener,
                            chores=chores)  # fmt: skip
    try:
        await worker.run(stop, drain)
    finally:
        for lane in lanes:
            await lane.sender.close()
    return worker


def event_chores(services: Services) -> tuple[Callable[[datetime], object], ...]:
    """What follows the life cycle's events, in order: the consumers read them (the waitlist
    takes in freed seats), then the waitlist offers those seats and lets old offers lapse."""
    return (services.consumers.run, services.waitlist.sweep)


@contextlib.asynccontextmanager
async def delivery_lifespan(
    services: Services,
    connections: Connections,
    notices: WebNotices,
    clock: Callable[[], datetime] | None = None,
) -> AsyncIterator[None]:
    """For the web server: every process runs a worker (the lease lets one send) and pushes
    web notices to the widgets it holds."""
    stop = asyncio.Event()
    tasks = [
        asyncio.create_task(_keep_running(services, stop, clock)),
        asyncio.create_task(notices.run(connections, stop)),
    ]
    try:
        yield
    finally:
        stop.set()
        done, pending = await asyncio.wait(tasks, timeout=30)
        for task in pending:
            task.cancel()


async def _keep_running(
    services: Services, stop: asyncio.Event, clock: Callable[[], datetime] | None
) -> None:
    """The worker, restarted after a fault (a database that went away) until the server stops."""
    while not stop.is_set():
        try:
            await run_worker(services, stop=stop, clock=clock)
        except Exception:  # noqa: BLE001 - logged; the next round starts over on standby
            log.exception("delivery worker failed; restarting in 10 s")
            await stopped_within(stop, 10)
