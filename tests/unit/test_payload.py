from actions import payload


def test_round_trip_keeps_unicode_and_values():
    text = payload.make("inform", service="führungszeugnis", slot="2021-09-15T09:00:00+02:00")
    assert payload.parse(text) == (
        "inform",
        {"service": "führungszeugnis", "slot": "2021-09-15T09:00:00+02:00"},
    )


def test_bare_intent():
    assert payload.parse("/greet") == ("greet", {})


def test_numbers_become_text():
    assert payload.parse('/inform{"code": 12}') == ("inform", {"code": "12"})


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
        assert payload.parse(text) is None, text
