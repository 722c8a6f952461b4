"""The staff console: server-rendered pages under /staff, mounted where `serve` builds the app.

Jinja2 renders the pages (autoescaped: names and reasons typed by citizens and staff are shown,
never run); forms post back and the server answers with the next page, so the console works
without JavaScript except for the live progress of a delivery (Server-Sent Events).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from app.services import Services
from bot.console.auth import LANG_COOKIE, Guard, local_path, set_cookie
from bot.console.waitlist import Waitlist
from bot.offload import offload
from office import wording
from office.texts import lang_or_default, t
from storage.closures import ClosureStore
from storage.staff import StaffMember

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
CheckIn = Callable[[str, str, datetime], bool]  # code, actor, now -> checked in
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
NAV = (  # (path, text key, supervisors only)
    ("/staff/day", "console.nav.day", False),
    ("/staff/waitlist", "console.nav.waitlist", False),
    ("/staff/cutover", "console.nav.cutover", False),
    ("/staff/broadcast", "console.nav.broadcast", True),
    ("/staff/closures", "console.nav.closures", False),
    ("/staff/audit", "console.nav.audit", True),
    ("/staff/accounts", "console.nav.accounts", True),
    ("/staff/telegram", "console.nav.telegram", False),
)


class Console:
    """The console's services and its rendering; pages live in the modules named after them."""

    def __init__(
        self,
        services: Services,
        clock: Callable[[], datetime],
        *,
        waitlist: Waitlist | None = None,
        check_in: CheckIn | None = None,
    ):
        self.services = services
        self.db = services.db
        self.city = services.city
        self.booking = services.booking
        self.clock = clock
        self.accounts = services.accounts
        self.audit = services.audit
        self.cutover = services.cutover
        self.broadcast = services.broadcast
        self.closures = services.closures
        self.outbox = services.outbox
        self.waitlist = waitlist or (services.waitlist if services.city.waitlist.enabled else None)
        self.check_in = check_in
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.templates = Jinja2Templates(env=env)

    def today(self) -> date:
        return self.clock().astimezone(self.city.tz).date()

    def lang(self, request: Request) -> str:
        return lang_or_default(request.cookies.get(LANG_COOKIE))

    def render(
        self, request: Request, template: str, status_code: int = 200, **context: Any
    ) -> Response:
        lang = self.lang(request)
        member: StaffMember | None = getattr(request.state, "member", None)
        tz = self.city.tz

        def text(key: str, **values: object) -> str:
            return t(lang, key, **values)

        context = {
            "lang": lang,
            "other_lang": "en" if lang == "de" else "de",
            "_": text,
            "member": member,
            "csrf": getattr(request.state, "csrf", ""),
            "nav": [
                (path, key)
                for path, key, supervisor in NAV
                if member and (member.is_supervisor or not supervisor)
            ],
            "path": request.url.path,
            "here": request.url.path + ("?" + request.url.query if request.url.query else ""),
            "day_name": lambda d: wording.day_name(d, lang),
            "clock": lambda d: wording.clock(d.astimezone(tz)),
            "service_name": lambda sid: s.name[lang] if (s := self.city.service(sid)) else sid,
            "status": lambda s: text(f"status.{s}"),
            "office": self.city.office.get(lang) or self.city.name,
            "tz": tz,
            **context,
        }
        return self.templates.TemplateResponse(
            request, template, context, status_code=status_code, headers=HEADERS
        )

    def refusal(
        self, request: Request, member: StaffMember | None, status: int, key: str
    ) -> Response:
        return self.render(request, "refused.html", status_code=status, message_key=key)


def console_mount(console: Console) -> Mount:
    """Every route of the console under /staff."""
    from bot.console import admin, closures, day, outreach, signin

    guard = Guard(console)

    async def home(request: Request) -> Response:
        return RedirectResponse("/staff/day", status_code=303)

    async def language(request: Request) -> Response:
        """Switches the console's language (a cookie) and goes back to the page."""
        lang = lang_or_default(request.query_params.get("to"))
        response = RedirectResponse(local_path(request.query_params.get("next")), status_code=303)
        set_cookie(response, request, LANG_COOKIE, lang, 365 * 24 * 3600)
        return response

    routes = [
        Route("/", home, methods=["GET"]),
        Route("/lang", language, methods=["GET"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="console-static"),
        *signin.routes(console, guard),
        *day.routes(console, guard),
        *outreach.routes(console, guard),
        *closures.routes(console, guard),
        *admin.routes(console, guard),
    ]
    return Mount("/staff", routes=routes)


@contextlib.asynccontextmanager
async def closures_lifespan(store: ClosureStore, every: float) -> AsyncIterator[None]:
    """Closures another worker stored reach this one's schedule within `every` seconds."""

    async def keep_fresh() -> None:
        while True:
            try:
                await offload(store.refresh)
            except Exception:  # noqa: BLE001 - a database away for a moment; next round
                log.warning("could not look for new closures", exc_info=True)
            await asyncio.sleep(every)

    task = asyncio.create_task(keep_fresh())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
