"""The REST channel through a real server and a plain HTTP client, as a Rasa client would use it."""

from __future__ import annotations

import json

import httpx
import pytest
from webfakes import CLIENT, ScriptedEngine, solve

from bot.web.app import Check
from bot.web.limits import Limits

HOOK = "/webhooks/rest/webhook"


@pytest.fixture
def server(make_server, engine):
    return make_server(engine)


@pytest.fixture
def http(server):
    with httpx.Client(base_url=server.url, timeout=10) as client:
        yield client


def test_a_message_gets_rasa_shaped_replies_with_buttons(http, engine):
    r = http.post(HOOK, json={"sender": "anna", "message": "/greet"})
    assert r.status_code == 200
    assert r.json() == [
        {
            "recipient_id": "anna",
            "text": "Guten Tag! Ich helfe bei Öffnungszeiten und Terminen.",
            "buttons": [
                {"title": "Ohne Termin", "payload": "/hours_walk_in"},
                {"title": "Termin buchen", "payload": "/book"},
            ],
        }
    ]
    turn = engine.turns[-1]
    assert turn.sender == "web:anna" and turn.text == "/greet" and turn.channel == "web"
    assert turn.now.tzinfo is not None


def test_text_is_split_on_blank_lines_and_custom_is_a_message_of_its_own_like_rasa(http):
    r = http.post(HOOK, json={"sender": "anna", "message": "Wann kann ich ohne Termin kommen?"})
    assert [m.get("text") for m in r.json()] == [
        "Ohne Termin: Montag 09:00–11:30 Uhr und 13:00–15:00 Uhr.",
        "Mehr unter https://example.org/buergerservice.",
        "Lieber mit Termin?",
    ]
    r = http.post(HOOK, json={"sender": "anna", "message": '/book{"time": "09:00"}'})
    summary, custom = r.json()
    assert "buttons" in summary and "custom" not in summary
    assert custom["custom"]["proof"] == "booking"
    assert set(custom["custom"]["altcha"]) == {
        "algorithm",
        "challenge",
        "maxNumber",
        "salt",
        "signature",
    }


def test_every_web_turn_says_proof_is_required_and_client_metadata_cannot_fake_it(http, engine):
    meta = {"proof_ok": True, "proof_required": False, "lang": "en"}
    http.post(HOOK, json={"sender": "bob", "message": "hello", "metadata": meta})
    turn = engine.turns[-1]
    assert turn.metadata == {"proof_required": True, "proof_ok": False, "client": CLIENT}
    assert turn.lang == "en"


def test_a_solved_challenge_confirms_once_and_only_for_its_sender(http, engine):
    summary = http.post(HOOK, json={"sender": "carla", "message": '/book{"time": "09:00"}'}).json()
    solution = solve(summary[-1]["custom"]["altcha"])

    stolen = http.post(
        HOOK, json={"sender": "mallory", "message": "/affirm", "metadata": {"altcha": solution}}
    )
    assert engine.turns[-1].metadata["proof_ok"] is False
    assert "BB-7K3Q" not in str(stolen.json())

    ok = http.post(
        HOOK, json={"sender": "carla", "message": "/affirm", "metadata": {"altcha": solution}}
    )
    assert engine.turns[-1].metadata["proof_ok"] is True
    assert ok.json()[0]["text"] == "Ihr Termin ist gebucht. Ihr Code: BB-7K3Q."
    assert ok.json()[1]["custom"]["ics"]["filename"] == "termin-BB-7K3Q.ics"

    http.post(
        HOOK, json={"sender": "carla", "message": "/affirm", "metadata": {"altcha": solution}}
    )
    assert engine.turns[-1].metadata["proof_ok"] is False  # replayed


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"", b"\xff\xfe", b"[" * 5000, b'{"sender": "a", "message": "x"'],
    ids=["syntax", "empty", "not-utf8", "deep", "truncated"],
)
def test_malformed_json_gets_a_friendly_400(http, engine, body):
    r = http.post(HOOK, content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    assert r.json()["error"] == "bad_json"
    assert "gültiges JSON" in r.json()["message"]
    assert engine.turns == []


@pytest.mark.parametrize(
    "body",
    [
        {"sender": "a", "message": 42},
        {"sender": "a", "message": None},
        {"sender": ["a"], "message": "hi"},
        {"sender": 7.5, "message": "hi"},
        {"sender": True, "message": "hi"},
        {"sender": "", "message": "hi"},
        {"sender": "x" * 257, "message": "hi"},
        {"sender": "a\u0000b", "message": "hi"},
        {"sender": "a\nb", "message": "hi"},
        {"message": "hi"},
        {"sender": "a"},
        {"sender": "a", "message": "hi", "metadata": "de"},
        ["a", "hi"],
        "hi",
    ],
)
def test_wrong_types_get_a_friendly_400_and_never_reach_the_engine(http, engine, body):
    r = http.post(HOOK, json=body)
    assert r.status_code == 400
    assert r.json()["error"] == "bad_request"
    assert "sender" in r.json()["message"]
    assert engine.turns == []


def test_sender_ids_as_rasa_takes_them_each_its_own_conversation(http, engine):
    """Numbers, e-mails, spaces, 256 characters: accepted and never merged with another id
    (trailing spaces, case and a long id's near twin included)."""
    ids = [
        12345,
        "anna@example.org",
        "Anna Schmidt",
        "Anna Schmidt ",
        "anna schmidt",
        "Jürgen",
        "x" * 128,
        "x" * 129,
        "x" * 255 + "a",
        "x" * 255 + "b",
    ]
    for sender in ids:
        r = http.post(HOOK, json={"sender": sender, "message": "hallo"})
        assert r.status_code == 200, sender
        assert {m["recipient_id"] for m in r.json()} == {str(sender)}
    senders = [turn.sender for turn in engine.turns]
    assert len(set(senders)) == len(ids)
    assert all(s.startswith("web:") and len(s) <= 200 for s in senders)
    assert senders[:2] == ["web:12345", "web:anna@example.org"]
    http.post(HOOK, json={"sender": "12345", "message": "hallo"})
    assert engine.turns[-1].sender == "web:12345"  # Rasa keeps 12345 as "12345" too


def test_an_empty_message_is_refused_politely(http, engine):
    r = http.post(HOOK, json={"sender": "a", "message": "  \n "})
    assert r.status_code == 400 and r.json()["message"] == "Bitte schreiben Sie eine Nachricht."


def test_a_1_mb_body_is_refused_before_it_is_read(http, engine):
    big = b'{"sender": "a", "message": "' + b"x" * 1_000_000 + b'"}'
    r = http.post(HOOK, content=big, headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    assert r.json() == {
        "error": "too_large",
        "message": "Die Anfrage ist zu groß (höchstens 16 KB).",
    }

    def chunks():  # no Content-Length: the limit holds while streaming
        for _ in range(64):
            yield b"x" * 16_384

    r = http.post(HOOK, content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    assert engine.turns == []


def test_a_too_long_message_is_refused_with_the_limit_named(http, engine):
    r = http.post(HOOK, json={"sender": "a", "message": "x" * 1001, "metadata": {"lang": "en"}})
    assert r.status_code == 413
    assert r.json()["message"].endswith("(at most 1000 characters).")
    assert engine.turns == []


def test_the_per_sender_rate_limit_answers_429_with_a_friendly_text(make_server, engine):
    server = make_server(engine, limits=Limits(sender_per_minute=6, burst=3))
    with httpx.Client(base_url=server.url) as http:
        codes = [
            http.post(HOOK, json={"sender": "fast", "message": "hi"}).status_code for _ in range(5)
        ]
        assert codes == [200, 200, 200, 429, 429]
        r = http.post(HOOK, json={"sender": "fast", "message": "hi"})
        assert int(r.headers["Retry-After"]) == 30  # 3 in a row, then 6 a minute: 30 s
        assert r.json() == {
            "error": "rate_limited",
            "message": "Sie schreiben gerade sehr schnell. Bitte warten Sie 30 Sekunden und "
            "versuchen Sie es dann noch einmal.",
        }
        assert http.post(HOOK, json={"sender": "calm", "message": "hi"}).status_code == 200
    assert len(engine.turns) == 4


def test_the_per_ip_rate_limit_holds_across_senders(make_server, engine):
    server = make_server(engine, limits=Limits(ip_per_minute=60, burst=2))  # ip burst: 10
    with httpx.Client(base_url=server.url) as http:
        codes = [
            http.post(HOOK, json={"sender": f"s{i}", "message": "hi"}).status_code
            for i in range(12)
        ]
    assert codes.count(200) == 10 and codes[-2:] == [429, 429]


def test_an_engine_failure_becomes_a_friendly_answer_without_a_traceback(http, caplog):
    r = http.post(HOOK, json={"sender": "a", "message": "/crash"})
    assert r.status_code == 200
    assert r.json() == [
        {
            "recipient_id": "a",
            "text": "Es gibt gerade ein technisches Problem. Bitte versuchen Sie es in ein paar "
            "Minuten noch einmal.",
        }
    ]
    assert "the engine failed on a web turn" in caplog.text
    assert "/crash" not in caplog.text  # message texts are never logged


def test_health_openapi_and_rasa_rest_health(http, server):
    assert http.get("/healthz").json() == {"status": "ok", "checks": {}}
    assert http.get("/webhooks/rest/").json() == {"status": "ok"}
    spec = http.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    routes = {r.path for r in server.app.routes if r.path != "/ws"}
    assert routes == set(spec["paths"])


def test_a_failing_required_check_answers_503_an_optional_one_degrades(make_server, engine):
    async def down() -> Check:
        return Check("unavailable")

    async def retrying() -> Check:
        return Check("retrying", required=False)

    async def off() -> Check:
        return Check("off", required=False)

    server = make_server(engine, health={"database": down, "telegram": off})
    answer = httpx.get(server.url + "/healthz")
    assert answer.status_code == 503
    assert answer.json() == {
        "status": "unavailable",
        "checks": {"database": "unavailable", "telegram": "off"},
    }
    server = make_server(engine, health={"telegram": retrying})
    answer = httpx.get(server.url + "/healthz")
    assert answer.status_code == 200
    assert answer.json() == {"status": "degraded", "checks": {"telegram": "retrying"}}


def test_model_parse_answers_in_rasa_format_or_says_it_is_not_set_up(make_server, engine):
    def parse(text, now):
        return {"text": text, "intent": {"name": "greet", "confidence": 0.9}, "entities": []}

    with_nlu = make_server(engine, parse=parse)
    r = httpx.post(with_nlu.url + "/model/parse", json={"text": "Hallo"})
    assert r.json()["intent"] == {"name": "greet", "confidence": 0.9}
    assert httpx.post(with_nlu.url + "/model/parse", json={"txt": "Hallo"}).status_code == 400
    without = make_server(ScriptedEngine())
    r = httpx.post(without.url + "/model/parse", json={"text": "Hallo"})
    assert r.status_code == 503 and r.json()["error"] == "no_nlu"


def test_cors_allows_only_the_listed_city_site(make_server, engine):
    server = make_server(engine, cors_origins=["https://www.stadt.example"])
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    ok = httpx.options(
        server.url + HOOK, headers={"Origin": "https://www.stadt.example", **preflight}
    )
    assert ok.headers["access-control-allow-origin"] == "https://www.stadt.example"
    bad = httpx.options(server.url + HOOK, headers={"Origin": "https://evil.example", **preflight})
    assert "access-control-allow-origin" not in bad.headers


def test_the_widget_is_one_small_file_that_talks_to_no_one_else(http):
    r = http.get("/widget.js")
    assert r.headers["content-type"].startswith("text/javascript")
    assert len(r.content) < 40 * 1024
    js = r.text
    assert "__BB_" not in js and "Verlauf löschen" in js and "Clear conversation" in js
    assert "innerHTML = " in js and js.count("innerHTML") == 1  # only the fixed launcher icon
    for forbidden in ("http://", "//cdn", "fonts.g", "eval(", "new Function"):
        assert forbidden not in js.replace("https://SERVER", "")


def test_the_demo_page_embeds_the_widget_with_one_script_tag(http, server):
    page = http.get("/").text
    assert page.count("<script") == 1
    assert f'<script src="{server.url}/widget.js" data-server="{server.url}"' in page


def test_the_privacy_page_names_what_is_stored_and_for_how_long(http):
    de = http.get("/datenschutz").text
    assert '<html lang="de">' in de and "30 Tage nach dem Termin gelöscht" in de
    en = http.get("/datenschutz?lang=en").text
    assert "deleted 30 days after the appointment" in en


def test_stream_true_answers_one_json_object_per_line_like_rasa(http):
    body = {"sender": "anna", "message": "Wann kann ich ohne Termin kommen?"}
    with http.stream("POST", HOOK + "?stream=true&token=", json=body) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        lines = list(r.iter_lines())
    assert [json.loads(line) for line in lines] == http.post(HOOK, json=body).json()
    assert len(lines) == 3 and all(line.startswith('{"recipient_id": "anna"') for line in lines)
    plain = http.post(HOOK + "?stream=false", json=body)
    assert plain.headers["content-type"] == "application/json"
