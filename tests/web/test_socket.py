"""The widget's socket: hello, replies, bad frames, origins, and notices pushed by a worker."""

from __future__ import annotations

import json

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from bot.turn import Response


def ws_url(server) -> str:
    return server.url.replace("http", "ws") + "/ws"


def hello(ws, sender: str = "w1", lang: str = "de") -> dict:
    ws.send(json.dumps({"type": "hello", "sender": sender, "lang": lang}))
    return json.loads(ws.recv(5))


def test_hello_then_a_message_gets_the_replies(make_server, engine):
    server = make_server(engine)
    with connect(ws_url(server)) as ws:
        assert hello(ws) == {"type": "ready"}
        ws.send(json.dumps({"type": "message", "id": 1, "text": "/greet"}))
        frame = json.loads(ws.recv(5))
    assert frame["type"] == "bot" and frame["id"] == 1
    assert frame["messages"][0]["buttons"][1] == {"title": "Termin buchen", "payload": "/book"}
    assert engine.turns[-1].sender == "web:w1" and engine.turns[-1].lang == "de"


def test_bad_frames_are_answered_and_the_conversation_goes_on(make_server, engine):
    server = make_server(engine)
    with connect(ws_url(server)) as ws:
        hello(ws)
        for bad in ("not json", "[1, 2]", json.dumps({"type": "message", "text": 5}), "x" * 20_000):
            ws.send(bad)
            frame = json.loads(ws.recv(5))
            assert frame["type"] == "error" and frame["code"] == "bad_request", bad[:20]
        ws.send(json.dumps({"type": "message", "text": "hallo"}))
        assert json.loads(ws.recv(5))["messages"][0]["text"] == "Sie schrieben: hallo"


def test_a_hello_without_a_valid_sender_is_refused(make_server, engine):
    server = make_server(engine)
    with connect(ws_url(server)) as ws:
        ws.send(json.dumps({"type": "hello", "sender": "x" * 257}))
        assert json.loads(ws.recv(5))["code"] == "bad_request"
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(5)
    assert closed.value.rcvd.code == 1008


def test_only_the_same_site_and_the_allow_list_may_open_a_socket(make_server, engine):
    server = make_server(engine, cors_origins=["https://www.stadt.example"])
    with connect(ws_url(server), origin="https://www.stadt.example") as ws:
        assert hello(ws) == {"type": "ready"}
    with connect(ws_url(server), origin=server.url) as ws:
        assert hello(ws) == {"type": "ready"}
    with pytest.raises(InvalidStatus) as refused:
        connect(ws_url(server), origin="https://evil.example")
    assert refused.value.response.status_code == 403


def test_a_worker_pushes_a_notice_to_every_open_tab_of_a_sender(make_server, engine):
    server = make_server(engine)
    connections = server.app.state.connections
    notice = [Response("Ihr Termin am 15.09. entfällt leider.")]
    assert server.call(connections.push("web:w1", notice)) is False  # nobody connected
    with connect(ws_url(server)) as tab1, connect(ws_url(server)) as tab2:
        hello(tab1)
        hello(tab2)
        assert server.call(connections.push("web:w1", notice)) is True
        for tab in (tab1, tab2):
            frame = json.loads(tab.recv(5))
            assert frame["notice"] is True
            assert frame["messages"] == [
                {"recipient_id": "w1", "text": "Ihr Termin am 15.09. entfällt leider."}
            ]
    assert server.call(connections.push("web:w1", notice)) is False  # both tabs closed
