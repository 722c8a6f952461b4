"""The action server a city that runs Rasa points its `action_endpoint` at: rasa_sdk's
ActionExecutor behind Rasa's `/webhook` wire format, for that Rasa server only.

rasa_sdk's own server (`python -m rasa_sdk`) answers anyone who reaches it and believes the
tracker it is sent: its sender is whoever the caller names, its clock whatever the caller writes.
Here every call must carry the shared secret (`Authorization: Bearer <BUERGERBOT_ACTION_TOKEN>`,
set in Rasa's endpoints.yml as a header), and the actions read the server's clock, never the
tracker's (`Services.trust_turn_clock`). It must still never be published beyond the network
it shares with Rasa (docker-compose: an internal network, no ports).
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import ActionExecutionRejection, ActionNotFoundException
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from actions import all_actions
from app.services import Services

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 1024 * 1024  # a tracker with its events; Rasa sends no more than this


def action_app(services: Services, token: str) -> Starlette:
    """The ASGI app: /health open (it says nothing), /webhook and /actions with the token."""
    if not token:
        raise ValueError("the action server needs BUERGERBOT_ACTION_TOKEN")
    executor = ActionExecutor()
    for action in all_actions(services):
        executor.register_action(action)
    expected = f"Bearer {token}".encode()

    def authorised(request: Request) -> bool:
        return secrets.compare_digest(request.headers.get("authorization", "").encode(), expected)

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def webhook(request: Request) -> Response:
        if not authorised(request):
            return JSONResponse({"error": "unauthorised"}, status_code=401)
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return JSONResponse({"error": "too large"}, status_code=413)
        try:
            call = await request.json()
        except ValueError:
            call = None
        if not isinstance(call, dict):
            return JSONResponse({"error": "Invalid body request"}, status_code=400)
        try:
            result = await executor.run(call)
        except ActionNotFoundException as e:
            return JSONResponse({"error": e.message, "action_name": e.action_name}, 404)
        except ActionExecutionRejection as e:
            return JSONResponse({"error": e.message, "action_name": e.action_name}, 400)
        except Exception:
            log.exception("an action failed")  # never the tracker: it holds names and contacts
            return JSONResponse({"error": "action failed"}, status_code=500)
        return JSONResponse(result.model_dump() if result else None)

    async def actions(request: Request) -> Response:
        if not authorised(request):
            return JSONResponse({"error": "unauthorised"}, status_code=401)
        listed: list[dict[str, Any]] = [a.model_dump() for a in executor.list_actions()]
        return JSONResponse(listed)

    return Starlette(
        routes=[
            Route("/health", health, methods=["GET"]),
            Route("/webhook", webhook, methods=["POST"]),
            Route("/actions", actions, methods=["GET"]),
        ]
    )
