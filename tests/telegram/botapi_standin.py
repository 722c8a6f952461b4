"""A Bot API stand-in on 127.0.0.1: the real python-telegram-bot client talks HTTP to it.

It implements the methods the channel uses, records every call, lets a test inject updates
(messages, taps, a user blocking the bot) and answer chosen calls with Telegram's errors
(403 Forbidden, 429 with retry_after, 502).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse
from starlette.routing import Route

TOKEN = "123456:TEST-token"
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Bürgerbot", "username": "BuergerTestBot"}
# Parameters that are plain strings on the wire; every other one is JSON.
_STRING_PARAMS = {"text", "caption", "callback_query_id", "action", "url", "secret_token"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float  # time.monotonic()
    status: int = 200
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # name: (filename, bytes)


@dataclass
class Fault:
    method: str
    status: int
    chat_id: int | None = None
    retry_after: int | None = None
    times: int = 1


class BotApiStandIn:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.faults: list[Fault] = []
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.webhook: dict[str, Any] | None = None
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._closing = False
        self._hold: asyncio.Event | None = None
        self.held = 0
        self.app = Starlette(
            routes=[Route("/bot{token}/{method}", self.endpoint, methods=["POST"])]
        )

    # --- what tests use -------------------------------------------------------------------
    def message(self, chat_id: int, text: str, *, user_id: int | None = None, lang: str = "de"):
        """A private text message from a user, fetched by the next getUpdates."""
        self._push(self.message_update(chat_id, text, user_id=user_id, lang=lang))

    def message_update(
        self, chat_id: int, text: str, *, user_id: int | None = None, lang: str = "de"
    ) -> dict[str, Any]:
        """The update for a text message (commands get their bot_command entity)."""
        msg: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Erika"},
            "from": self._user(user_id or chat_id, lang),
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split(" ", 1)[0])
            msg["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return self._update(message=msg)

    def photo(self, chat_id: int, lang: str = "de") -> None:
        msg = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Erika"},
            "from": self._user(chat_id, lang),
            "photo": [{"file_id": "p1", "file_unique_id": "u1", "width": 1, "height": 1}],
        }
        self._push(self._update(message=msg))

    def tap(self, chat_id: int, message: dict[str, Any], data: str, *, lang: str = "de") -> None:
        """The user taps a button of a message the bot sent (or claims to)."""
        query = {
            "id": str(next(self._message_ids)),
            "from": self._user(chat_id, lang),
            "chat_instance": f"ci{chat_id}",
            "message": copy.deepcopy(message),
            "data": data,
        }
        self._push(self._update(callback_query=query))

    def block(self, chat_id: int) -> None:
        """Telegram's my_chat_member update when a user blocks the bot."""
        member = {"chat": {"id": chat_id, "type": "private"}, "from": self._user(chat_id, "de")}
        member["date"] = int(time.time())
        member["old_chat_member"] = {"status": "member", "user": BOT_USER}
        member["new_chat_member"] = {"status": "kicked", "user": BOT_USER, "until_date": 0}
        self._push(self._update(my_chat_member=member))

    def fail(self, method: str, status: int, *, chat_id: int | None = None, **kw: Any) -> None:
        self.faults.append(Fault(method, status, chat_id, **kw))

    def sent(self, method: str, chat_id: int | None = None, ok: bool = True) -> list[Call]:
        return [
            c
            for c in self.calls
            if c.method == method
            and (chat_id is None or c.params.get("chat_id") == chat_id)
            and (c.status == 200) == ok
        ]

    def keyboard_of(self, call: Call) -> list[tuple[str, str]]:
        """(title, callback data) of every button of a sent message."""
        markup = call.params.get("reply_markup") or {}
        rows = markup.get("inline_keyboard", [])
        return [(b["text"], b["callback_data"]) for row in rows for b in row]

    def message_of(self, call: Call) -> dict[str, Any]:
        """The message as Telegram stores it now (after edits)."""
        return self.messages[(call.params["chat_id"], call.params["result_message_id"])]

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
        deadline = time.monotonic() + timeout
        while not (result := predicate()):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; calls: {[c.method for c in self.calls]}")
            await asyncio.sleep(0.01)
        return result

    def release(self) -> None:
        """Answer pending long polls at once, so the client stops quickly."""
        self._closing = True

    def hold(self) -> None:
        """From now on sendMessage calls are received and recorded, but not answered (yet)."""
        self._hold = asyncio.Event()

    def answer_held(self) -> None:
        if self._hold is not None:
            self._hold.set()
            self._hold = None

    # --- the Bot API ------------------------------------------------------------------------
    async def endpoint(self, request: Request) -> JSONResponse:
        if request.path_params["token"] != TOKEN:
            return self._error(401, "Unauthorized")
        method = request.path_params["method"]
        arrived = time.monotonic()  # before reading the body: when the request came in
        try:
            params, files = await self._params(request)
        except ClientDisconnect:  # the client gave up a long poll at shutdown
            return self._error(400, "Bad Request: client gone")
        call = Call(method, params, arrived, files=files)
        self.calls.append(call)
        fault = self._fault_for(method, params)
        if fault:
            call.status = fault.status
            extra = {"retry_after": fault.retry_after} if fault.retry_after else None
            return self._error(fault.status, _DESCRIPTIONS[fault.status], extra)
        if self._hold is not None and method == "sendMessage":
            self.held += 1
            await self._hold.wait()
        handler = getattr(self, f"api_{method}", None)
        if handler is None:
            call.status = 404
            return self._error(404, "Not Found: method not found")
        result = await handler(call)
        return JSONResponse({"ok": True, "result": result})

    async def api_getMe(self, call: Call) -> dict[str, Any]:
        return {**BOT_USER, "can_join_groups": False, "supports_inline_queries": False}

    async def api_getUpdates(self, call: Call) -> list[dict[str, Any]]:
        offset = call.params.get("offset") or 0
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        deadline = time.monotonic() + float(call.params.get("timeout") or 0)
        while not self._updates and not self._closing and time.monotonic() < deadline:
            await asyncio.sleep(0.005)
        return list(self._updates)

    async def api_sendMessage(self, call: Call) -> dict[str, Any]:
        p = call.params
        extra = {"reply_markup": p["reply_markup"]} if p.get("reply_markup") else {}
        return self._store(p["chat_id"], {"text": p["text"], **extra}, call)

    async def api_sendDocument(self, call: Call) -> dict[str, Any]:
        filename, content = call.files["document"]
        document = {"file_id": "d1", "file_unique_id": "d1", "file_name": filename}
        document["file_size"] = len(content)
        return self._store(call.params["chat_id"], {"document": document}, call)

    async def api_editMessageText(self, call: Call) -> dict[str, Any]:
        p = call.params
        msg = self.messages[(p["chat_id"], p["message_id"])]
        msg["text"] = p["text"]
        if p.get("reply_markup"):
            msg["reply_markup"] = p["reply_markup"]
        else:
            msg.pop("reply_markup", None)
        return msg

    async def api_answerCallbackQuery(self, call: Call) -> bool:
        return True

    async def api_sendChatAction(self, call: Call) -> bool:
        return True

    async def api_setMyCommands(self, call: Call) -> bool:
        return True

    async def api_deleteWebhook(self, call: Call) -> bool:
        self.webhook = None
        return True

    async def api_setWebhook(self, call: Call) -> bool:
        self.webhook = call.params
        return True

    # --- plumbing ---------------------------------------------------------------------------
    def _user(self, user_id: int, lang: str) -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": "Erika", "language_code": lang}

    def _update(self, **content: Any) -> dict[str, Any]:
        return {"update_id": next(self._update_ids), **content}

    def _push(self, update: dict[str, Any]) -> None:
        self._updates.append(update)

    def _store(self, chat_id: int, content: dict[str, Any], call: Call) -> dict[str, Any]:
        message_id = next(self._message_ids)
        msg = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Erika"},
            "from": BOT_USER,
            **content,
        }
        self.messages[(chat_id, message_id)] = msg
        call.params["result_message_id"] = message_id
        return msg

    def _fault_for(self, method: str, params: dict[str, Any]) -> Fault | None:
        for fault in self.faults:
            if fault.method == method and fault.chat_id in (None, params.get("chat_id")):
                fault.times -= 1
                if fault.times <= 0:
                    self.faults.remove(fault)
                return fault
        return None

    async def _params(self, request: Request) -> tuple[dict[str, Any], dict]:
        params: dict[str, Any] = {}
        files: dict[str, tuple[str, bytes]] = {}
        async with request.form() as form:
            for key, value in form.multi_items():
                if isinstance(value, UploadFile):
                    files[key] = (value.filename or "", await value.read())
                elif key in _STRING_PARAMS:
                    params[key] = value
                else:
                    try:
                        params[key] = json.loads(value)
                    except ValueError:
                        params[key] = value
        for key, (filename, _) in files.items():  # PTB sends "attach://name" for uploads
            params.setdefault(key, filename)
        return params, files

    @staticmethod
    def _error(status: int, description: str, parameters: dict | None = None) -> JSONResponse:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        return JSONResponse(body, status_code=status)


_DESCRIPTIONS = {
    403: "Forbidden: bot was blocked by the user",
    429: "Too Many Requests: retry after",
    502: "Bad Gateway",
}


@contextlib.asynccontextmanager
async def serving(standin: BotApiStandIn, port: int = 0) -> AsyncIterator[str]:
    """Run the stand-in with uvicorn on `port` (default: a free one); yields the base_url for
    the client."""
    config = uvicorn.Config(standin.app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/bot"
    finally:
        standin.release()
        server.should_exit = True
        await task
