"""The web app: Rasa REST channel, the widget's socket, the widget itself and its pages.

Starlette rather than FastAPI: the layer is thin and the answers to bad input must be our own
friendly texts in Rasa's shapes, not a framework's validation dumps; fewer layers per request
also keep the REST channel fast. The OpenAPI description is written out in `openapi.py`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from limits.storage import MemoryStorage, Storage
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import BaseRoute, Route, WebSocketRoute
from starlette.websockets import WebSocket

from bot.offload import offload
from bot.turn import Engine
from bot.web.channel import Notices, Refusal, WebChannel, check_sender, lang_hint
from bot.web.connections import Connections
from bot.web.etag import cached
from bot.web.limits import BodyTooLarge, Limits, client_key
from bot.web.openapi import openapi
from bot.web.pages import demo_css, demo_page, office_facts, privacy_page, widget_css, widget_js
from bot.web.proof import ProofOfWork
from bot.web.socket_io import socketio_mount, socketio_server
from office.city import City, Retention
from office.ics import hours_feed
from office.texts import t

log = logging.getLogger(__name__)

Parse = Callable[[str, datetime], dict[str, Any]]


@dataclass(frozen=True)
class Check:
    """One part's state on `/healthz`: "ok", "off" (not configured) or what is wrong. A
    `required` part in any other state makes the server unready (503); an optional one (the
    Telegram channel) only makes it "degraded", so the web widget keeps its traffic."""

    state: str
    required: bool = True
    age_s: float | None = None  # how old the state is, for a part probed in the background

    @property
    def healthy(self) -> bool:
        return self.state in ("ok", "off")


HealthCheck = Callable[[], Awaitable[Check]]
Lifespan = Callable[[Starlette], contextlib.AbstractAsyncContextManager[None]]
HELLO_TIMEOUT_S = 10
# The demo page's policy: nothing inline, everything from this server (README: what a city adds).
DEMO_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)


def create_app(
    engine: Engine,
    *,
    city: City | None = None,
    parse: Parse | None = None,
    limits: Limits | None = None,
    proof: ProofOfWork | None = None,
    cors_origins: Sequence[str] | None = None,
    connections: Connections | None = None,
    clock: Callable[[], datetime] | None = None,
    health: Mapping[str, HealthCheck] | None = None,
    extra_routes: Sequence[BaseRoute] = (),
    lifespan: Lifespan | None = None,
    notices: Notices | None = None,
    counters: Storage | None = None,
    request_timeout_s: float = 10.0,
    socket_idle_s: float = 900.0,
) -> Starlette:
    """The ASGI app; `app.state.connections.push(sender, responses)` reaches open widgets.

    `health` names the parts `/healthz` reports (database, telegram…), each with its check.
    `extra_routes` and `lifespan` let other channels ride along (Telegram's webhook route and
    its polling or webhook registration); `notices` hands a citizen the notices waiting for
    their visit, ahead of the answer. `counters` keeps the rate windows and used proofs
    (`bot.web.limits.shared_storage` for several workers; this process's memory by default).
    A body must arrive within `request_timeout_s`; a widget socket silent for `socket_idle_s`
    is closed.
    """
    limits = limits or Limits()
    tz = city.tz if city else ZoneInfo("Europe/Berlin")
    clock = clock or (lambda: datetime.now(tz))
    counters = counters or MemoryStorage()
    proof = proof or ProofOfWork(secrets.token_hex(32), used=counters)
    origins = tuple(cors_origins or ())
    connections = connections or Connections()
    channel = WebChannel(engine, limits, proof, clock, counters, notices)

    async def read_request(request: Request) -> Any:
        """The JSON body of a request a page of ours (or a non-browser client) sent; a form or
        text/plain POST, which any web page can make its visitors' browsers send without asking
        (no CORS preflight), is refused before it reaches the engine."""
        if not is_json(request.headers.get("content-type")):
            raise Refusal(415, "not_json", t(None, "web.error.not_json"))
        if not origin_allowed(request.headers.get("origin"), request.headers.get("host"), origins):
            raise Refusal(403, "origin", t(None, "web.error.origin"))
        return await read_json(request, limits.max_body_bytes, request_timeout_s)

    async def rest_webhook(request: Request) -> Response:
        lang = None
        try:
            data = await read_request(request)
            if not isinstance(data, dict) or not isinstance(data.get("metadata") or {}, dict):
                raise Refusal(400, "bad_request", t(None, "web.error.bad_request"))
            metadata = data.get("metadata") or {}
            lang = lang_hint(metadata.get("lang"))
            messages = await channel.handle(
                data.get("sender"),
                data.get("message"),
                lang,
                metadata.get("altcha"),
                client_ip(request),
            )
        except Refusal as r:
            return refusal_response(r)
        if request.query_params.get("stream", "").lower() == "true":
            return StreamingResponse(stream_lines(messages), media_type="text/event-stream")
        return JSONResponse(messages)

    async def rest_health(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def model_parse(request: Request) -> Response:
        try:
            data = await read_request(request)
            text = data.get("text") if isinstance(data, dict) else None
            if not isinstance(text, str):
                raise Refusal(400, "bad_request", t(None, "web.error.bad_request"))
            if len(text) > limits.max_message_chars:
                raise Refusal(
                    413, "too_long", t(None, "web.error.too_long", max=limits.max_message_chars)
                )
            ip = client_ip(request)
            await channel.check_rate(f"parse:{client_key(ip)}", ip, None)  # per client
            if parse is None:
                raise Refusal(503, "no_nlu", t(None, "web.error.no_nlu"))
        except Refusal as r:
            return refusal_response(r)
        return JSONResponse(parse(text, clock()))

    async def widget_socket(ws: WebSocket) -> None:
        if not origin_allowed(ws.headers.get("origin"), ws.headers.get("host"), origins):
            await ws.close(code=1008)
            return
        await ws.accept()
        lock = asyncio.Lock()

        async def send(frame: dict[str, Any]) -> None:
            async with lock:  # a pushed notice and a reply must not interleave on the wire
                await ws.send_json(frame)

        try:
            hello = await asyncio.wait_for(receive_frame(ws, limits), HELLO_TIMEOUT_S)
        except (TimeoutError, Disconnected):
            await ws.close(code=1008)
            return
        lang = lang_hint(hello.get("lang")) if hello else None
        try:
            if not hello or hello.get("type") != "hello":
                raise Refusal(400, "bad_request", t(lang, "web.error.bad_request"))
            sender = check_sender(hello.get("sender"), lang)
        except Refusal as r:
            await send({"type": "error", "code": r.code, "text": r.text})
            await ws.close(code=1008)
            return
        connections.add(sender, send)
        try:
            await send({"type": "ready"})
            await converse(ws, send, hello["sender"], lang)
        except Disconnected:
            pass
        finally:
            connections.discard(sender, send)

    async def converse(ws: WebSocket, send, sender_id: str, lang: str | None) -> None:
        ip = ws.client.host if ws.client else "?"
        while True:
            try:
                frame = await asyncio.wait_for(receive_frame(ws, limits), socket_idle_s)
            except TimeoutError:
                await ws.close(code=1001)  # idle: the widget reconnects when the citizen types
                return
            reply_to = frame.get("id") if frame else None
            try:
                if not frame or frame.get("type") != "message":
                    raise Refusal(400, "bad_request", t(lang, "web.error.bad_request"))
                frame_lang = lang_hint(frame.get("lang")) or lang
                messages = await channel.handle(
                    sender_id, frame.get("text"), frame_lang, frame.get("proof"), ip
                )
                await send({"type": "bot", "id": reply_to, "messages": messages})
            except Refusal as r:
                await send(
                    {
                        "type": "error",
                        "id": reply_to,
                        "code": r.code,
                        "text": r.text,
                        "retry_after": r.retry_after,
                    }
                )

    async def healthz(request: Request) -> Response:
        parts = health or {}
        states = await asyncio.gather(*(check() for check in parts.values()))
        checks = dict(zip(parts, states, strict=True))
        ready = all(c.healthy for c in checks.values() if c.required)
        status = "ok" if all(c.healthy for c in checks.values()) else "degraded"
        body: dict[str, object] = {"status": status if ready else "unavailable"}
        body |= {"checks": {n: c.state for n, c in checks.items()}}
        ages = {n: round(c.age_s, 2) for n, c in checks.items() if c.age_s is not None}
        if ages:
            body |= {"age_s": ages}
        return JSONResponse(
            body,
            status_code=200 if ready else 503,
        )

    async def widget(request: Request) -> Response:
        facts = office_facts(city, clock().date())  # the offline copy follows the day's hours
        return cached(request, widget_js(facts), "text/javascript; charset=utf-8", 300)

    async def widget_stylesheet(request: Request) -> Response:
        return cached(request, widget_css(), "text/css; charset=utf-8", 300)

    async def demo_stylesheet(request: Request) -> Response:
        return cached(request, demo_css(), "text/css; charset=utf-8", 300)

    async def demo(request: Request) -> Response:
        """Served under the strict CSP a city may have: the widget needs no exception to it."""
        return HTMLResponse(
            demo_page(str(request.base_url)), headers={"Content-Security-Policy": DEMO_CSP}
        )

    async def datenschutz(request: Request) -> Response:
        lang = lang_hint(request.query_params.get("lang")) or "de"
        office = city.office.get(lang, city.name) if city else t(lang, "widget.bot")
        return HTMLResponse(
            privacy_page(
                lang,
                office=office,
                phone=city.phone if city else "",
                retention=city.retention if city else Retention(),
            )
        )

    # (lang, day, closures laid over the schedule) -> the feed: a closure staff add shows at once
    feeds: dict[tuple[str, str, int], bytes] = {}

    async def hours_ics(request: Request) -> Response:
        if city is None:
            return JSONResponse({"error": "no_city"}, status_code=404)
        lang = lang_hint(request.query_params.get("lang")) or "de"
        now = clock()
        key = (lang, now.astimezone(city.tz).date().isoformat(), city.schedule.generation)
        if key not in feeds:
            feeds.clear()  # yesterday's feeds (or those before a closure) are stale
            feeds[key] = await offload(hours_feed, city, lang, now)
        return cached(request, feeds[key], "text/calendar; charset=utf-8", 3600)

    spec = openapi(_version())

    def socket_origin_ok(origin: str | None, environ: dict[str, Any]) -> bool:
        return origin_allowed(origin, environ.get("HTTP_HOST"), origins)

    sio = socketio_server(channel, socket_origin_ok, limits.max_body_bytes)

    async def openapi_json(request: Request) -> Response:
        return JSONResponse(spec)

    app = Starlette(
        routes=[
            Route("/webhooks/rest/webhook", rest_webhook, methods=["POST"]),
            Route("/webhooks/rest/", rest_health, methods=["GET"]),
            Route("/model/parse", model_parse, methods=["POST"]),
            WebSocketRoute("/ws", widget_socket),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/widget.js", widget, methods=["GET"]),
            Route("/widget.css", widget_stylesheet, methods=["GET"]),
            Route("/demo.css", demo_stylesheet, methods=["GET"]),
            Route("/", demo, methods=["GET"]),
            Route("/datenschutz", datenschutz, methods=["GET"]),
            Route("/openapi.json", openapi_json, methods=["GET"]),
            Route("/hours.ics", hours_ics, methods=["GET"]),
            *extra_routes,
        ],
        lifespan=lifespan,
        middleware=[
            Middleware(socketio_mount, sio=sio),
            Middleware(
                CORSMiddleware,
                allow_origins=list(origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Content-Type"],
                max_age=3600,
            ),
            Middleware(GZipMiddleware, minimum_size=500),
        ],
    )
    app.state.connections = connections
    app.state.channel = channel
    return app


class Disconnected(Exception):
    """The client went away."""


async def receive_frame(ws: WebSocket, limits: Limits) -> dict[str, Any] | None:
    """The next JSON object from the socket; None for anything else (answered, not fatal)."""
    message = await ws.receive()
    if message["type"] == "websocket.disconnect":
        raise Disconnected
    raw = message.get("text") or ""
    if len(raw) > limits.max_body_bytes:
        return None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def is_json(content_type: str | None) -> bool:
    return (content_type or "").split(";")[0].strip().lower() == "application/json"


async def read_json(request: Request, max_bytes: int, timeout_s: float = 10.0) -> Any:
    """The body as JSON, read no further than `max_bytes` and for no longer than `timeout_s`;
    Refusal on size, time or syntax."""
    try:
        declared = int(request.headers.get("content-length", "0"))
    except ValueError:
        declared = 0
    try:
        if declared > max_bytes:
            raise BodyTooLarge
        body = bytearray()
        async with asyncio.timeout(timeout_s):
            async for chunk in request.stream():
                body += chunk
                if len(body) > max_bytes:
                    raise BodyTooLarge
    except TimeoutError:
        raise Refusal(408, "too_slow", t(None, "web.error.too_slow")) from None
    except BodyTooLarge:
        raise Refusal(
            413, "too_large", t(None, "web.error.too_large", kb=max_bytes // 1024)
        ) from None
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        raise Refusal(400, "bad_json", t(None, "web.error.bad_json")) from None


async def stream_lines(messages: list[dict[str, Any]]) -> AsyncIterator[str]:
    """Rasa's `?stream=true` answer: each message as one JSON object on a line of its own, in
    order (`rasa shell` reads it this way by default)."""
    for m in messages:
        yield json.dumps(m) + "\n"


def refusal_response(r: Refusal) -> Response:
    headers = {"Retry-After": str(r.retry_after)} if r.retry_after else None
    return JSONResponse(r.as_json(), status_code=r.status, headers=headers)


def client_ip(request: Request) -> str:
    """The peer's address (uvicorn's proxy-headers option puts X-Forwarded-For here)."""
    return request.client.host if request.client else "?"


def origin_allowed(origin: str | None, host: str | None, allowed: Sequence[str]) -> bool:
    """Same-origin pages, the CORS allow-list, and non-browser clients (no Origin) may connect."""
    if origin is None or "*" in allowed or origin in allowed:
        return True
    return bool(host) and urlsplit(origin).netloc == host


def _version() -> str:
    try:
        return version("buergerbot")
    except PackageNotFoundError:
        return "0"
