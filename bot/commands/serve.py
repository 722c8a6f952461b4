"""`buergerbot serve`: the web app (REST, WebSocket, widget, demo page) on uvicorn, with the
Telegram channel riding along when TELEGRAM_BOT_TOKEN is set."""

from __future__ import annotations

import argparse
import contextlib
import glob
import logging
import logging.config
import os
import secrets
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from app.settings import Settings
from bot.commands import CommandError, parse_now

if TYPE_CHECKING:  # the app's modules load when serving, not for every CLI command
    from starlette.applications import Starlette
    from starlette.requests import Request

    from bot.bootstrap import App

FACTORY = "bot.commands.serve:web_app"
log = logging.getLogger(__name__)


def register(groups: argparse._SubParsersAction) -> None:
    serve = groups.add_parser("serve", help="the web app: REST, WebSocket, widget, demo page")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    serve.add_argument(
        "--now",
        help="ISO time the server's clock starts at and runs on from (tests and demos: "
        "reminders and releases without waiting days; one worker)",
    )
    serve.set_defaults(run=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from bot.bootstrap import build
    from bot.logs import uvicorn_config
    from bot.web.limits import Limits
    from bot.web.timeouts import PROTOCOL

    if args.workers < 1:
        raise CommandError("--workers must be 1 or more")
    if not 0 < args.port < 65536:
        raise CommandError("--port must be between 1 and 65535")
    if args.now and args.workers > 1:
        raise CommandError("--now runs one worker's clock; leave out --workers")
    settings = Settings.from_env()
    if args.workers > 1 and settings.telegram_token and not settings.telegram_webhook_url:
        raise CommandError("several workers cannot all poll Telegram; set TELEGRAM_WEBHOOK_URL")
    # Workers verify each other's proof-of-work challenges only with one shared key; with
    # several, the metrics folder is set before anything imports prometheus_client.
    settings = settings.share_with_workers(
        metrics_directory(settings.metrics_dir) if args.workers > 1 else None
    )
    logging.config.dictConfig(uvicorn_config())  # the server's log from here on
    say_where_mail_goes(settings)
    # Migrates once, here, before any worker starts; config errors surface now.
    built = build(settings=settings)
    options = {
        "host": args.host,
        "port": args.port,
        "http": PROTOCOL,  # h11 with a deadline for each request's head (slow clients)
        "timeout_keep_alive": settings.keep_alive_s,
        "h11_max_incomplete_event_size": Limits().max_body_bytes,
        "ws_max_size": Limits().max_body_bytes,
        "ws_ping_interval": 20.0,
        "ws_ping_timeout": 20.0,
        **forwarding(settings.trusted_proxies),
        "log_level": "info",
        "log_config": uvicorn_config(),
    }
    if args.workers == 1:
        clock = running_from(parse_now(args.now, built.city.tz)) if args.now else None
        if clock:
            log.warning("the server's clock starts at %s, not the wall's", clock().isoformat())
        uvicorn.run(web_app(built, clock), **options)
    else:
        built.db.dispose()  # each worker opens its own connections
        # A worker builds the engine and loads the NLU before it answers the supervisor's pings.
        uvicorn.run(
            FACTORY, factory=True, workers=args.workers, timeout_worker_healthcheck=120, **options
        )
    return 0


def say_where_mail_goes(settings: Settings) -> None:
    """Once at start: where e-mail (the codes that prove a web booker's address) goes, and a
    warning when web bookings are final without that proof."""
    log.info(settings.mail_route)
    if not settings.verify_contacts:
        log.warning(
            "BUERGERBOT_VERIFY_CONTACTS is off: web bookings are final without a proven e-mail "
            "address, so one script can hold every seat"
        )


def forwarding(trusted_proxies: tuple[str, ...]) -> dict[str, object]:
    """uvicorn's proxy options: X-Forwarded-For is read only from the proxies named; with none,
    not at all (uvicorn's default would trust any client on loopback)."""
    if not trusted_proxies:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": ",".join(trusted_proxies)}


def running_from(start: datetime) -> Callable[[], datetime]:
    """A clock that reads `start` now and runs on from there at the wall's pace."""
    began = time.monotonic()
    return lambda: start + timedelta(seconds=time.monotonic() - began)


def web_app(built: App | None = None, clock: Callable[[], datetime] | None = None) -> Starlette:
    """The ASGI app over the real engine (uvicorn calls this once per worker), on `clock`
    (default: the wall's)."""
    from starlette.responses import Response
    from starlette.routing import Route

    from bot import offload
    from bot.bootstrap import build
    from bot.console.app import Console, closures_lifespan, console_mount
    from bot.delivery.service import delivery_lifespan
    from bot.delivery.web import WebNotices
    from bot.health import DatabaseProbe
    from bot.metrics import CONTENT_TYPE
    from bot.purge import PurgeSchedule, purge_lifespan
    from bot.telegram.application import from_services
    from bot.web import create_app
    from bot.web.app import Check
    from bot.web.connections import Connections
    from bot.web.limits import shared_storage
    from bot.web.links import link_routes
    from bot.web.proof import ProofOfWork
    from bot.web.timeouts import configure
    from office.booking import Confirmed

    built = built or build(upgrade=False)
    services = built.services
    tz = built.city.tz
    clock = clock or (lambda: datetime.now(tz))
    offload.configure(services.settings.threads)
    probe = DatabaseProbe(built.db.check, tripped=lambda: built.db.unreachable)
    probe.probe()  # the state before the first health check (a start, not a turn, waits)
    bot = from_services(built.engine, services, clock)
    connections = Connections()
    settings = services.settings
    configure(settings.request_timeout_s)
    counters = shared_storage(built.db, settings.redis_url, settings.limits_prefix)
    notices = WebNotices(services.outbox, clock)
    purge = PurgeSchedule(services.booking.retention, built.db, clock)
    console = Console(
        services,
        clock,
        check_in=lambda code, actor, now: isinstance(
            services.booking.check_in(code, actor, now), Confirmed
        ),
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        """Telegram (when configured), the delivery of notices and the scheduled purge run as
        long as the app."""
        async with contextlib.AsyncExitStack() as stack:
            if bot:
                await stack.enter_async_context(bot.lifespan(app))
            await stack.enter_async_context(
                delivery_lifespan(services, connections, notices, clock)
            )
            every = settings.closures_refresh_s
            await stack.enter_async_context(closures_lifespan(services.closures, every))
            await stack.enter_async_context(purge_lifespan(purge))
            yield

    async def database() -> Check:
        found = probe.status()
        return Check(found.state, age_s=found.age_s)

    async def telegram() -> Check:
        return Check(bot.state.value if bot else "off", required=False)

    async def metrics(request: Request) -> Response:
        if not metrics_allowed(request, settings.metrics_token):
            return Response(status_code=404)  # not an invitation to guess tokens
        text = await offload.offload(built.metrics.exposition, built.db)
        return Response(text, media_type=CONTENT_TYPE)

    routes = [
        *link_routes(services.booking, built.city, clock),
        Route("/metrics", metrics, methods=["GET"]),
        *(bot.routes() if bot else ()),
        console_mount(console),
    ]
    web = create_app(
        built.engine,
        city=built.city,
        parse=built.engine.interpreter.parse,
        clock=clock,
        proof=ProofOfWork(settings.altcha_key or secrets.token_hex(32), used=counters),
        cors_origins=settings.cors_origins,
        health={"database": database, "telegram": telegram},
        extra_routes=routes,
        lifespan=lifespan,
        connections=connections,
        notices=notices.take,
        counters=counters,
        request_timeout_s=settings.request_timeout_s,
        socket_idle_s=settings.socket_idle_s,
    )
    web.state.database_probe = probe  # for a test to probe now instead of waiting for the next
    return web


def metrics_allowed(request: Request, token: str | None) -> bool:
    """With a token set, its bearer only; without, only a client on this host's loopback (a
    scraper beside the server), never one reaching it from outside."""
    if token:
        given = request.headers.get("authorization", "")
        return secrets.compare_digest(given.encode(), f"Bearer {token}".encode())
    host = request.client.host if request.client else ""
    return host in ("127.0.0.1", "::1")


def metrics_directory(path: str | None) -> str:
    """The folder for the workers' metric files: the one set, else a new one.

    Files left by an earlier run are removed; their counters would be added to this run's.
    """
    path = path or tempfile.mkdtemp(prefix="buergerbot-metrics-")
    os.makedirs(path, exist_ok=True)
    for stale in glob.glob(os.path.join(path, "*.db")):
        os.remove(stale)
    return path
