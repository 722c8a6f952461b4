"""Rasa's Socket.IO channel, for clients built for Rasa servers (rasa-webchat and the like).

The events are Rasa's: the client asks `session_request {session_id}` and gets `session_confirm`
with the id; it says `user_uttered {message, session_id, customData|metadata}`; each reply is a
`bot_uttered` with `{text}`, or `{text, quick_replies: [{content_type: "text", title, payload}]}`
for buttons. Turns go through the web channel's one path (`WebChannel.handle`): the same engine,
sender-id rules, rate limits and proof rules as REST and the widget's socket. Like a REST client,
a Socket.IO client solves no proof of work, so its bookings take the e-mail route.

A session's id is the conversation (as Rasa's `session_persistence: true`): a client that comes
back with its stored id continues where it left off; without one, the server picks one.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from typing import Any

import socketio

from bot.web.channel import Refusal, WebChannel, lang_hint, sender_text

log = logging.getLogger(__name__)

PATH = "socket.io"  # Rasa's default socketio_path, which rasa-webchat expects


def socketio_server(
    channel: WebChannel, origin_ok: Callable[[str | None, dict[str, Any]], bool], max_bytes: int
) -> socketio.AsyncServer:
    sio = socketio.AsyncServer(
        async_mode="asgi",
        cors_allowed_origins=origin_ok,
        max_http_buffer_size=max_bytes,
        logger=False,
        engineio_logger=False,
    )

    @sio.on("session_request")
    async def session_request(sid: str, data: Any) -> None:
        asked = data.get("session_id") if isinstance(data, dict) else None
        session_id = sender_text(asked) or uuid.uuid4().hex
        await sio.save_session(sid, {"session_id": session_id})
        await sio.emit("session_confirm", session_id, to=sid)

    @sio.on("user_uttered")
    async def user_uttered(sid: str, data: Any) -> None:
        if not isinstance(data, dict):
            data = {}
        session = await sio.get_session(sid)
        session_id = data.get("session_id") or session.get("session_id") or sid
        lang = _lang(data)
        scope = sio.get_environ(sid).get("asgi.scope", {})
        ip = (scope.get("client") or ("?",))[0]
        try:
            messages = await channel.handle(session_id, data.get("message"), lang, None, ip)
        except Refusal as r:
            await sio.emit("bot_uttered", {"text": r.text}, to=sid)
            return
        for m in bot_uttered(messages):
            await sio.emit("bot_uttered", m, to=sid)

    return sio


def socketio_mount(app: Any, sio: socketio.AsyncServer) -> socketio.ASGIApp:
    """As Starlette middleware: /socket.io/ to the server, everything else (lifespan too) on."""
    return socketio.ASGIApp(sio, other_asgi_app=app, socketio_path=PATH)


def bot_uttered(messages: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """REST-shaped messages as Rasa's socket output sends them. `custom` payloads (the widget's
    calendar file and proof-of-work challenge) mean nothing to these clients and stay out."""
    out = []
    for m in messages:
        if m.get("buttons"):
            replies = [
                {"content_type": "text", "title": b["title"], "payload": b["payload"]}
                for b in m["buttons"]
            ]
            out.append({"text": m.get("text", ""), "quick_replies": replies})
        elif m.get("text"):
            out.append({"text": m["text"]})
    return out


def _lang(data: dict[str, Any]) -> str | None:
    """rasa-webchat sends `customData: {language}`; Rasa's own clients send `metadata`."""
    for key, field in (("customData", "language"), ("metadata", "lang"), ("metadata", "language")):
        extra = data.get(key)
        if isinstance(extra, dict) and lang_hint(extra.get(field)):
            return extra[field]
    return None
