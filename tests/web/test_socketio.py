"""Rasa's Socket.IO channel, driven by python-socketio's own client as a Rasa client would."""

from __future__ import annotations

import httpx
import pytest
import socketio
from webfakes import CLIENT

from bot.web.limits import Limits


def receive(client: socketio.SimpleClient) -> tuple[str, object]:
    event, *args = client.receive(timeout=10)
    return event, args[0] if args else None


@pytest.fixture
def server(make_server, engine):
    return make_server(engine)


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_session_then_greeting_with_quick_replies_like_rasa(server, engine, transport):
    with socketio.SimpleClient() as client:
        client.connect(server.url, transports=[transport])
        client.emit("session_request", {"session_id": "a1b2c3"})
        assert receive(client) == ("session_confirm", "a1b2c3")
        client.emit("user_uttered", {"message": "/greet", "session_id": "a1b2c3"})
        assert receive(client) == (
            "bot_uttered",
            {
                "text": "Guten Tag! Ich helfe bei Öffnungszeiten und Terminen.",
                "quick_replies": [
                    {"content_type": "text", "title": "Ohne Termin", "payload": "/hours_walk_in"},
                    {"content_type": "text", "title": "Termin buchen", "payload": "/book"},
                ],
            },
        )
        client.emit("user_uttered", {"message": "/hours_walk_in", "session_id": "a1b2c3"})
        texts = [receive(client)[1]["text"] for _ in range(3)]  # split on blank lines, like Rasa
    assert texts[0].startswith("Ohne Termin: Montag") and texts[2] == "Lieber mit Termin?"
    assert {t.sender for t in engine.turns} == {"web:a1b2c3"}


def test_no_session_id_gets_a_fresh_one_and_the_socket_shares_the_rest_conversation(server, engine):
    with socketio.SimpleClient() as client:
        client.connect(server.url, transports=["websocket"])
        client.emit("session_request", {})
        event, session_id = receive(client)
        assert event == "session_confirm" and len(session_id) == 32
        client.emit("user_uttered", {"message": "hallo", "customData": {"language": "en"}})
        assert receive(client) == ("bot_uttered", {"text": "Sie schrieben: hallo"})
    httpx.post(server.url + "/webhooks/rest/webhook", json={"sender": session_id, "message": "x"})
    first, second = engine.turns
    assert first.sender == second.sender == f"web:{session_id}"
    assert first.lang == "en" and first.metadata == {
        "proof_required": True,
        "proof_ok": False,
        "client": CLIENT,
    }


def test_limits_and_bad_input_are_answered_as_bot_messages(make_server, engine):
    server = make_server(engine, limits=Limits(sender_per_minute=1, burst=1))
    with socketio.SimpleClient() as client:
        client.connect(server.url, transports=["websocket"])
        client.emit("session_request", {"session_id": "s9"})
        receive(client)
        client.emit("user_uttered", {"message": 42, "session_id": "s9"})
        event, reply = receive(client)
        assert event == "bot_uttered" and "sender" in reply["text"]
        client.emit("user_uttered", {"message": "hallo", "session_id": "s9"})
        receive(client)
        client.emit("user_uttered", {"message": "noch einmal", "session_id": "s9"})
        assert "Sekunden" in receive(client)[1]["text"]
    assert [t.text for t in engine.turns] == ["hallo"]


def test_a_foreign_page_cannot_connect_but_an_allowed_one_can(make_server, engine):
    server = make_server(engine, cors_origins=["https://stadt.example"])
    with socketio.SimpleClient() as client, pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(
            server.url, transports=["polling"], headers={"Origin": "https://evil.example"}
        )
    with socketio.SimpleClient() as client:
        client.connect(
            server.url, transports=["polling"], headers={"Origin": "https://stadt.example"}
        )
        client.emit("session_request", {"session_id": "ok"})
        assert receive(client) == ("session_confirm", "ok")
