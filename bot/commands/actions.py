"""`buergerbot actions`: the action server for a Rasa deployment (see bot/action_server.py)."""

from __future__ import annotations

import argparse
from dataclasses import replace

from app.settings import Settings
from bot.commands import CommandError


def register(groups: argparse._SubParsersAction) -> None:
    actions = groups.add_parser("actions", help="the action server for a Rasa server (token)")
    actions.add_argument("--host", default="127.0.0.1", help="address to listen on")
    actions.add_argument("--port", type=int, default=5055)
    actions.set_defaults(run=run_actions)


def run_actions(args: argparse.Namespace) -> int:
    import uvicorn

    from app.services import build_services
    from bot.action_server import action_app
    from bot.logs import uvicorn_config

    settings = Settings.from_env()
    if not settings.action_token:
        raise CommandError("set BUERGERBOT_ACTION_TOKEN (the secret Rasa sends as a header)")
    services = replace(build_services(settings, upgrade=True), trust_turn_clock=False)
    uvicorn.run(
        action_app(services, settings.action_token),
        host=args.host,
        port=args.port,
        timeout_keep_alive=settings.keep_alive_s,
        proxy_headers=False,
        log_level="info",
        log_config=uvicorn_config(),
    )
    return 0
