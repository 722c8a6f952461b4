"""`buergerbot serve`: the web app (REST, WebSocket, widget, demo page) on uvicorn, with the
Telegram channel riding along when TELEGRAM_BOT_TOKEN is set."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import glob
import os
import secrets
import tempfile
from collections.abc import AsyncIterator
from datetime import datetime
from typing import TYPE_CHECKING

from app.settings import Settings
from bot.commands import CommandError

if TYPE_CHECKING:  # the app's modules load when serving, not for every CLI command
    from starlette.applications import Starlette

    from bot.bootstrap import App

FACTORY = "bot.commands.serve:web_app"


def register(groups: argparse._SubParsersAction) -> None:
    serve = groups.add_parser("serve", help="the web app: REST, WebSocket, widget, demo page")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    serve.set_defaults(run=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from bot.bootstrap import build
    from bot.logs import uvicorn_config
    from bot.web.limits import Limits

    if args.workers < 1:
        raise CommandError("--workers must be 1 or more")
    if not 0 < args.port < 65536:
        raise CommandError("--port must be between 1 and 65535")
    settings = Settings.from_env()
    if args.workers > 1 and settings.telegram_token and not settings.telegram_webhook_url:
        raise CommandError("several workers cannot all poll Telegram; set TELEGRAM_WEBHOOK_URL")
    # Workers verify each other's proof-of-work challenges only with one shared key; with
    # several, the metrics folder is set before anything imports prometheus_client.
    settings = settings.share_with_workers(
        metrics_directory(settings.metrics_dir) if args.workers > 1 else None
    )
    # Migrates once, here, before any worker starts; config errors surface now.
    built = build(settings=settings)
    options = {
        "host": args.host,
        "port": args.port,
        "ws_max_size": Limits().max_body_bytes,
        "proxy_headers": True,
        "forwarded_allow_ips": settings.forwarded_allow_ips,
        "log_level": "info",
        "log_config": uvicorn_config(),
    }
    if args.workers == 1:
        uvicorn.run(web_app(built), **options)
    else:
        built.db.dispose()  # each worker opens its own connections
        # A worker builds the engine and loads the NLU before it answers the supervisor's pings.
        uvicorn.run(
            FACTORY, factory=True, workers=args.workers, timeout_worker_healthcheck=120, **options
        )
    return 0


def web_app(built: App | None = None) -> Starlette:
    """The ASGI app over the real engine (uvicorn calls this once per worker)."""
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    from bot import telegram
    from bot.bootstrap import build
    from bot.console.app import Console, closures_lifespan, console_mount
    from bot.delivery.service import delivery_lifespan
    from bot.delivery.web import WebNotices
    from bot.metrics import CONTENT_TYPE
    from bot.web import create_app
    from bot.web.connections import Connections
    from bot.web.limits import shared_storage
    from bot.web.proof import ProofOfWork
    from office.booking import Confirmed

    built = built or build(upgrade=False)
    services = built.services
    bot = telegram.from_services(built.engine, services)
    connections = Connections()
    settings = services.settings
    counters = shared_storage(built.db, settings.redis_url, settings.limits_prefix)
    notices = WebNotices(services.outbox, lambda: datetime.now(built.city.tz))
    console = Console(
        services,
        lambda: datetime.now(built.city.tz),
        check_in=lambda code, actor, now: isinstance(
            services.booking.check_in(code, actor, now), Confirmed
        ),
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        """Telegram (when configured) and the delivery of notices run as long as the app."""
        async with contextlib.AsyncExitStack() as stack:
            if bot:
                await stack.enter_async_context(bot.lifespan(app))
            await stack.enter_async_context(delivery_lifespan(services, connections, notices))
            every = settings.closures_refresh_s
            await stack.enter_async_context(closures_lifespan(services.closures, every))
            yield

    async def healthy() -> bool:
        return await asyncio.to_thread(database_answers, built)

    async def metrics(request: Request) -> Response:
        text = await asyncio.to_thread(built.metrics.exposition, built.db)
        return Response(text, media_type=CONTENT_TYPE)

    routes = [
        Route("/metrics", metrics, methods=["GET"]),
        *(bot.routes() if bot else ()),
        console_mount(console),
    ]
    return create_app(
        built.engine,
        city=built.city,
        parse=built.engine.interpreter.parse,
        proof=ProofOfWork(settings.altcha_key or secrets.token_hex(32), used=counters),
        cors_origins=settings.cors_origins,
        health=healthy,
        extra_routes=routes,
        lifespan=lifespan,
        connections=connections,
        notices=notices.take,
        counters=counters,
    )


def database_answers(built: App) -> bool:
    from storage.errors import DatabaseUnavailable

    try:
        built.db.check()
    except DatabaseUnavailable:
        return False
    return True


def metrics_directory(path: str | None) -> str:
    """The folder for the workers' metric files: the one set, else a new one.

    Files left by an earlier run are removed; their counters would be added to this run's.
    """
    path = path or tempfile.mkdtemp(prefix="buergerbot-metrics-")
    os.makedirs(path, exist_ok=True)
    for stale in glob.glob(os.path.join(path, "*.db")):
        os.remove(stale)
    return path
