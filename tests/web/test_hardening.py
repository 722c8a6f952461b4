"""What a hostile page or a slow client cannot do: cross-site simple POSTs, foreign origins,
forwarded addresses from anyone, /metrics without its token, connections held open."""

from __future__ import annotations

import socket

import httpx
import pytest
from starlette.requests import Request
from webfakes import LiveServer

from bot.commands.serve import forwarding, metrics_allowed
from bot.web import create_app
from bot.web.proof import ProofOfWork
from bot.web.timeouts import PROTOCOL, configure

HOOK = "/webhooks/rest/webhook"
BODY = '{"sender": "anna", "message": "/greet"}'


@pytest.fixture
def server(make_server, engine):
    return make_server(engine, cors_origins=["https://www.example.org"])


def test_a_cross_site_text_plain_post_never_reaches_the_engine(server, engine):
    """A page on any site can make its visitors' browsers send this without a preflight."""
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
        r = httpx.post(server.url + HOOK, content=BODY, headers={"content-type": content_type})
        assert r.status_code == 415 and r.json()["error"] == "not_json"
    r = httpx.post(server.url + "/model/parse", content='{"text": "x"}')
    assert r.status_code == 415
    assert engine.turns == []


def test_a_browser_on_a_foreign_origin_is_refused_and_the_citys_page_is_served(server, engine):
    json = {"content-type": "application/json; charset=utf-8"}
    foreign = httpx.post(
        server.url + HOOK, content=BODY, headers=json | {"origin": "https://evil.test"}
    )
    assert foreign.status_code == 403 and foreign.json()["error"] == "origin"
    assert engine.turns == []
    city = httpx.post(
        server.url + HOOK, content=BODY, headers=json | {"origin": "https://www.example.org"}
    )
    same = httpx.post(server.url + HOOK, content=BODY, headers=json | {"origin": server.url})
    script = httpx.post(server.url + HOOK, content=BODY, headers=json)  # no Origin: not a browser
    assert city.status_code == same.status_code == script.status_code == 200
    assert len(engine.turns) == 3


def test_forwarded_addresses_are_believed_only_from_the_proxies_named():
    assert forwarding(()) == {"proxy_headers": False}
    assert forwarding(("10.0.0.2", "172.18.0.0/16")) == {
        "proxy_headers": True,
        "forwarded_allow_ips": "10.0.0.2,172.18.0.0/16",
    }


def request(client: str, authorization: str | None = None) -> Request:
    headers = [(b"authorization", authorization.encode())] if authorization else []
    return Request({"type": "http", "client": (client, 1), "headers": headers})


def test_metrics_want_the_token_or_a_loopback_client():
    assert metrics_allowed(request("127.0.0.1"), None)
    assert not metrics_allowed(request("203.0.113.9"), None)
    assert metrics_allowed(request("203.0.113.9", "Bearer s3cret"), "s3cret")
    assert not metrics_allowed(request("127.0.0.1"), "s3cret")
    assert not metrics_allowed(request("203.0.113.9", "Bearer guess"), "s3cret")


@pytest.fixture
def timed_server(engine):
    configure(0.5)
    app = create_app(engine, proof=ProofOfWork("k", max_number=2000), request_timeout_s=0.5)
    try:
        with LiveServer(app, http=PROTOCOL, timeout_keep_alive=1) as live:
            yield live
    finally:
        configure(10.0)


def closed_by_server(sock: socket.socket) -> bool:
    """True when the server closes the connection (recv sees EOF) within 5 s."""
    sock.settimeout(5)
    try:
        return sock.recv(1024) == b""
    except TimeoutError:
        return False


def test_a_slow_or_silent_client_is_cut_off(timed_server):
    silent = socket.create_connection(("127.0.0.1", timed_server.port))
    slow = socket.create_connection(("127.0.0.1", timed_server.port))
    slow.sendall(b"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\n")  # and never the rest
    assert closed_by_server(silent)
    assert closed_by_server(slow)
    with httpx.Client(base_url=timed_server.url) as client:  # a client that writes on time
        assert client.post(HOOK, json={"sender": "a", "message": "/greet"}).status_code == 200


def test_a_body_that_trickles_in_is_answered_408(timed_server, engine):
    with socket.create_connection(("127.0.0.1", timed_server.port)) as sock:
        sock.sendall(
            b"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\n"
            b'Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{"sender"'
        )
        sock.settimeout(5)
        assert sock.recv(4096).startswith(b"HTTP/1.1 408")
    assert engine.turns == []


def test_an_idle_widget_socket_is_closed(make_server, engine):
    from websockets.exceptions import ConnectionClosed
    from websockets.sync.client import connect

    server = make_server(engine, socket_idle_s=0.5)
    with connect(server.url.replace("http", "ws") + "/ws") as ws:
        ws.send('{"type": "hello", "sender": "idle", "lang": "de"}')
        assert '"ready"' in ws.recv(timeout=5)
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=5)  # nothing sent: the server gives up on the socket
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1001
