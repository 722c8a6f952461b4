"""A web client of the REST channel as a script would write one: it solves the proof of work
like the widget, and can speak from any loopback address."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
from altcha import solve_challenge_v1

HOOK = "/webhooks/rest/webhook"


def solve(challenge: dict[str, Any]) -> str:
    found = solve_challenge_v1(
        challenge["challenge"], challenge["salt"], challenge["algorithm"], challenge["maxNumber"], 0
    )
    assert found is not None
    payload = {k: challenge[k] for k in ("algorithm", "challenge", "salt", "signature")}
    return base64.b64encode(json.dumps(payload | {"number": found.number}).encode()).decode()


class WebClient:
    """One sender's conversation from one client address."""

    def __init__(self, url: str, sender: str, address: str = "127.0.0.1") -> None:
        transport = httpx.HTTPTransport(local_address=address)
        self.http = httpx.Client(base_url=url, transport=transport, timeout=120)
        self.sender = sender
        self.challenge: dict[str, Any] | None = None
        self.statuses: list[int] = []

    def say(self, message: str, solution: str | None = None) -> list[dict[str, Any]]:
        metadata = {"altcha": solution} if solution else {}
        body = {"sender": self.sender, "message": message, "metadata": metadata}
        r = self.http.post(HOOK, json=body)
        self.statuses.append(r.status_code)
        if r.status_code != 200:
            return [{"text": r.json().get("message", ""), "status": r.status_code}]
        messages = r.json()
        for m in messages:
            if (m.get("custom") or {}).get("altcha"):
                self.challenge = m["custom"]["altcha"]
        return messages

    def solved(self) -> str | None:
        """The solution of the last challenge received (each counts once)."""
        challenge, self.challenge = self.challenge, None
        return solve(challenge) if challenge else None

    def close(self) -> None:
        self.http.close()


def text(messages: list[dict[str, Any]]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def payloads(messages: list[dict[str, Any]], prefix: str) -> list[str]:
    return [
        b["payload"]
        for m in messages
        for b in m.get("buttons", [])
        if b["payload"].startswith(prefix)
    ]


def to_a_time(client: WebClient, service: str = "personalausweis", persons: int = 1) -> list[str]:
    """Service and household, then the first day offered: the times offered on it."""
    client.say("/book_appointment")
    extra = f',"persons":"{persons}"' if persons > 1 else ""
    days = payloads(client.say(f'/inform{{"service":"{service}"{extra}}}'), '/inform{"date"')
    if not days:
        return []
    return payloads(client.say(days[0]), '/inform{"slot"')


def book(client: WebClient, name: str, contact: str) -> str:
    """A whole booking as a citizen taps it; the last answer."""
    times = to_a_time(client)
    if not times:
        return "no times offered"
    held = client.say(times[0], client.solved())
    if "halte" not in text(held) and "hold" not in text(held):
        return text(held)
    client.say(name)
    client.say(contact)
    return text(client.say("/affirm"))
