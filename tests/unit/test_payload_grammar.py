"""The one payload grammar (office/payload.py), and that its readers agree on it."""

from office import payload
from office.payload import MAX_PAYLOAD, Payload


def test_round_trip_keeps_unicode_and_values():
    text = payload.write("inform", service="führungszeugnis", slot="2021-09-15T09:00:00+02:00")
    assert payload.read(text) == (
        "inform",
        {"service": "führungszeugnis", "slot": "2021-09-15T09:00:00+02:00"},
    )


def test_bare_intent():
    assert payload.write("greet") == "/greet"
    assert payload.read("/greet") == Payload("greet", {})


def test_numbers_become_text():
    assert payload.read('/inform{"code": 12}') == ("inform", {"code": "12"})


def test_malformed_payloads_are_refused():
    for text in (
        "/inform{",
        '/inform{"a": {"nested": 1}}',
        '/inform["list"]',
        '/inform{"a": true}',
        "/Inform",
        "/in form",
        "/" + "a" * 41,
        '/inform{"a": "' + "x" * 600 + '"}',
        "not a payload",
    ):
        assert payload.read(text) is None, text


def test_larger_limits_carry_a_long_text():
    text = payload.write("staff_broadcast", audience="all", text="x" * 3000)
    assert len(text) > MAX_PAYLOAD and payload.read(text) is None
    assert payload.read(text, 8000, 8000) == (
        "staff_broadcast",
        {"audience": "all", "text": "x" * 3000},
    )


def test_the_main_options_are_payloads():
    assert [payload.read(p).intent for _, p in payload.MAIN_OPTIONS] == [
        "ask_opening_hours",
        "ask_walkin_hours",
        "book_appointment",
        "my_appointments",
        "report_emergency",
    ]


def test_the_nlu_and_the_staff_read_the_same_grammar(interpreter):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from bot.staff import parse_confirm

    now = datetime(2021, 9, 15, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    for text in ('/inform{"code": 12}', '/inform{"a": true}', "/Inform", '/inform{"x": [1]}'):
        parsed = interpreter.parse(text, now)
        if payload.read(text) is None:
            assert parsed["intent"]["confidence"] < 1.0, text
        else:
            assert parsed["intent"] == {"name": "inform", "confidence": 1.0}
            entities = [(e["entity"], e["value"]) for e in parsed["entities"]]
            assert entities == list(payload.read(text).entities.items())
    for text in ('/staff_cutover{"from": 5}', '/staff_cutover{"from": true}'):
        confirmed = parse_confirm(text)
        assert (confirmed is None) == (payload.read(text) is None), text
