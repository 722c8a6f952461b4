"""Web notices: pushed to an open widget, or shown at the next visit (REST), once."""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.testclient import TestClient

from bot.delivery.web import WebNotices
from bot.turn import Response, Turn
from bot.web import create_app
from bot.web.connections import Connections
from bot.web.proof import ProofOfWork
from storage.outbox import Outbox, Route, insert_rows, new_row


class Echo:
    async def handle(self, turn: Turn) -> list[Response]:
        return [Response(f"Sie schrieben: {turn.text}")]


def clock() -> datetime:
    return datetime.now(UTC)


def queue(db, sender: str, text: str) -> None:
    payload = {
        "kind": "cutover",
        "lang": "de",
        "subject": "",
        "text": text,
        "plain": "",
        "buttons": [{"title": "Neuen Termin buchen", "payload": "/book_appointment"}],
    }
    with db.write() as s:
        insert_rows(s, [new_row(Route("web", sender), payload, f"t:{sender}", "t", clock())])


def app_for(db):
    connections = Connections()
    notices = WebNotices(Outbox(db), clock)
    app = create_app(Echo(), connections=connections, notices=notices.take,
                     proof=ProofOfWork("test-key"), cors_origins=())  # fmt: skip
    return app, connections, notices


def test_an_open_widget_gets_the_notice_pushed_once(db):
    queue(db, "web:abc", "Ihr Termin entfällt.")
    app, connections, notices = app_for(db)
    with TestClient(app) as client, client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "sender": "abc"})
        assert ws.receive_json()["type"] == "ready"
        assert client.portal.call(notices.push_waiting, connections) == 1
        frame = ws.receive_json()
        assert frame["notice"] is True
        (message,) = frame["messages"]
        assert message["text"] == "Ihr Termin entfällt."
        assert message["buttons"] == [{"title": "Neuen Termin buchen",
                                       "payload": "/book_appointment"}]  # fmt: skip
        assert client.portal.call(notices.push_waiting, connections) == 0
    assert Outbox(db).report().counts["web"]["delivered"] == 1


def test_the_next_visit_shows_the_notice_before_the_answer_once(db):
    queue(db, "web:def", "Ihr Termin entfällt.")
    app, _, _ = app_for(db)
    with TestClient(app) as client:
        first = client.post("/webhooks/rest/webhook", json={"sender": "def", "message": "Hallo"})
        assert [m["text"] for m in first.json()] == ["Ihr Termin entfällt.", "Sie schrieben: Hallo"]
        again = client.post("/webhooks/rest/webhook", json={"sender": "def", "message": "Hallo"})
        assert [m["text"] for m in again.json()] == ["Sie schrieben: Hallo"]


def test_a_notice_no_socket_took_is_given_back(db):
    queue(db, "web:ghi", "Ihr Termin entfällt.")
    outbox = Outbox(db)
    taken = outbox.take_web("web:ghi", clock())
    outbox.give_back(taken, clock())
    assert outbox.report().counts["web"]["queued"] == 1
