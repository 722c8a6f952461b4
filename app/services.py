"""The services bundle: every storage service, the city and the NLU, built in one function.

The engine, the channels, the actions, the delivery worker and the CLI receive this bundle (or
the parts of it they need); none of them opens a database or reads a setting itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from app.config import load_city
from app.settings import Settings
from office.city import City
from office.lifecycle import SeatFreed
from office.verification import Links
from storage.audit import AuditLog
from storage.booking import BookingService
from storage.broadcast import BroadcastService, Subscriptions
from storage.callbacks import CallbackStore
from storage.chats import ChatStatusStore
from storage.closures import ClosureStore
from storage.conversations import ConversationStore
from storage.cutover import CutoverService
from storage.db import Database, open_database
from storage.erasure import Erasure
from storage.events import EventConsumers, EventLog
from storage.outbox import Outbox
from storage.reminders import Reminders
from storage.staff import StaffAccounts
from storage.waitlist import CONSUMER as WAITLIST
from storage.waitlist import Waitlist

if TYPE_CHECKING:
    from nlu.interpreter import Interpreter

log = logging.getLogger(__name__)

# Told the operation ("hold", "book", "cancel", "reschedule") and its outcome.
CountBooking = Callable[[str, object], None]


@dataclass(frozen=True)
class Services:
    settings: Settings
    city: City
    db: Database
    booking: BookingService
    audit: AuditLog
    outbox: Outbox
    subscriptions: Subscriptions
    broadcast: BroadcastService
    cutover: CutoverService
    reminders: Reminders
    callbacks: CallbackStore
    chats: ChatStatusStore
    conversations: ConversationStore
    closures: ClosureStore
    accounts: StaffAccounts
    consumers: EventConsumers
    erasure: Erasure
    waitlist: Waitlist
    given_interpreter: Interpreter | None = field(default=None, repr=False)
    # The turn's `now` from the message metadata is the engine's injected clock; a standalone
    # action server is sent trackers by others and takes its own clock instead.
    trust_turn_clock: bool = True

    @cached_property
    def interpreter(self) -> Interpreter:
        """The NLU over the city's services and time zone, loaded on first use (it is the
        slowest part to load, and most commands need no NLU)."""
        if self.given_interpreter is not None:
            return self.given_interpreter
        from nlu.interpreter import Interpreter

        return Interpreter.load_or_train(services=self.city.services, tz=self.city.tz)


def build_services(
    settings: Settings | None = None,
    *,
    upgrade: bool = False,
    city: City | None = None,
    db: Database | None = None,
    count_booking: CountBooking | None = None,
    interpreter: Interpreter | None = None,
) -> Services:
    """Everything over the database and config the settings name (default: the environment).

    `upgrade` migrates the database to the newest schema, else it must already be there
    (DatabaseUnavailable otherwise). Tests pass their own `city` or open `db` instead.
    """
    settings = settings or Settings.from_env()
    city = city or load_city(settings.config_path)
    if db is None:
        db = open_database(settings.database_url, timeouts=settings.db_timeouts)
        if upgrade:
            db.upgrade_if_behind()
        else:
            db.check()
    closures = ClosureStore(db, city)
    closures.refresh()  # the closures staff stored, laid over the config's schedule
    links = Links(settings.public_url)
    booking = (
        CountedBooking(db, city, count_booking, links)
        if count_booking
        else BookingService(db, city, links=links)
    )
    consumers = event_consumers(db)
    waitlist = Waitlist(db, city, booking)
    consumers.subscribe(WAITLIST, [SeatFreed], waitlist.on_seat_freed)
    return Services(
        settings=settings,
        city=city,
        db=db,
        booking=booking,
        audit=AuditLog(db),
        outbox=Outbox(db),
        subscriptions=Subscriptions(db),
        broadcast=BroadcastService(db, city),
        cutover=CutoverService(db, city),
        reminders=Reminders(db, city, links),
        callbacks=CallbackStore(db),
        chats=ChatStatusStore(db),
        conversations=ConversationStore(db, city.retention.form_minutes),
        closures=closures,
        accounts=StaffAccounts(db),
        erasure=Erasure(db, city, booking.lifecycle),
        consumers=consumers,
        waitlist=waitlist,
        given_interpreter=interpreter,
    )


def event_consumers(db: Database) -> EventConsumers:
    """The registry of the life cycle's event consumers (office.lifecycle), which
    `build_services` subscribes features to (the waitlist: SeatFreed): each consumer keeps a
    durable cursor and runs as a chore of the delivery worker (storage.events)."""
    return EventConsumers(EventLog(db))


class CountedBooking(BookingService):
    """The booking service, telling `count` the outcome of every change a citizen asks for."""

    def __init__(self, db: Database, city: City, count: CountBooking, links: Links | None = None):
        super().__init__(db, city, links=links)
        self.count = count

    def hold(self, *args: Any, **kwargs: Any) -> Any:
        return self._counted("hold", super().hold(*args, **kwargs))

    def book(self, *args: Any, **kwargs: Any) -> Any:
        return self._counted("book", super().book(*args, **kwargs))

    def cancel(self, *args: Any, **kwargs: Any) -> Any:
        return self._counted("cancel", super().cancel(*args, **kwargs))

    def reschedule(self, *args: Any, **kwargs: Any) -> Any:
        return self._counted("reschedule", super().reschedule(*args, **kwargs))

    def _counted(self, operation: str, outcome: Any) -> Any:
        self.count(operation, outcome)
        log.info("booking", extra={"operation": operation, "outcome": type(outcome).__name__})
        return outcome
