"""The OpenAPI description of the web app, written out so it says exactly what the code does."""

from __future__ import annotations

from typing import Any

_ERROR = {
    "description": "refused with a friendly text",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}

_BUTTON = {
    "type": "object",
    "required": ["title", "payload"],
    "properties": {"title": {"type": "string"}, "payload": {"type": "string"}},
}

SCHEMAS: dict[str, Any] = {
    "RestMessage": {
        "type": "object",
        "required": ["sender", "message"],
        "properties": {
            "sender": {
                "description": "the conversation: any text of 1 to 256 characters without "
                "control characters (kept exactly: ids that differ never share a conversation), "
                "or a whole number (the same conversation as its decimal text)",
                "oneOf": [
                    {"type": "string", "minLength": 1, "maxLength": 256},
                    {"type": "integer"},
                ],
            },
            "message": {"type": "string", "minLength": 1, "maxLength": 1000},
            "metadata": {
                "type": "object",
                "properties": {
                    "lang": {"type": "string", "enum": ["de", "en"]},
                    "altcha": {"type": "string", "description": "solution of the last challenge"},
                },
            },
        },
    },
    "BotMessage": {
        "type": "object",
        "required": ["recipient_id"],
        "properties": {
            "recipient_id": {"type": "string"},
            "text": {"type": "string"},
            "buttons": {"type": "array", "items": _BUTTON},
            "custom": {
                "type": "object",
                "description": '{"ics": {"filename", "content"}, "booking": {"code", "date", '
                '"time", "place"}} (a booked appointment, worded in the chat\'s language) or '
                '{"proof": "booking", "altcha": challenge}',
            },
        },
    },
    "Error": {
        "type": "object",
        "required": ["error", "message"],
        "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
    },
    "ParseRequest": {
        "type": "object",
        "required": ["text"],
        "properties": {"text": {"type": "string", "maxLength": 1000}},
    },
}


def _json(ref: str, many: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"$ref": f"#/components/schemas/{ref}"}
    if many:
        schema = {"type": "array", "items": schema}
    return {"application/json": {"schema": schema}}


def _html(summary: str) -> dict[str, Any]:
    return {
        "get": {
            "summary": summary,
            "responses": {"200": {"description": "HTML", "content": {"text/html": {}}}},
        }
    }


def openapi(version: str) -> dict[str, Any]:
    refusals = {s: _ERROR for s in ("400", "403", "408", "413", "415", "429")}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Bürgerbot web channel",
            "version": version,
            "description": "Rasa-compatible REST channel and NLU parse. The widget talks over "
            "the WebSocket /ws (not describable in OpenAPI 3.0): send "
            '{"type": "hello", "sender", "lang"}, then {"type": "message", "id", "text", '
            '"proof"?}; receive {"type": "ready"}, {"type": "bot", "id", "messages", "notice"?} '
            'or {"type": "error", "code", "text"}.',
        },
        "paths": {
            "/webhooks/rest/webhook": {
                "post": {
                    "summary": "One message, Rasa REST-channel format",
                    "parameters": [
                        {
                            "name": "stream",
                            "in": "query",
                            "required": False,
                            "description": "true: the replies as text/event-stream, one JSON "
                            "object per line, as Rasa answers (rasa shell's default)",
                            "schema": {"type": "string"},
                        }
                    ],
                    "requestBody": {"required": True, "content": _json("RestMessage")},
                    "responses": {
                        "200": {
                            "description": "the bot's replies",
                            "content": {
                                **_json("BotMessage", True),
                                "text/event-stream": {"schema": {"type": "string"}},
                            },
                        },
                        **refusals,
                    },
                }
            },
            "/webhooks/rest/": {
                "get": {
                    "summary": "Rasa REST channel health",
                    "responses": {"200": {"description": "ok"}},
                }
            },
            "/model/parse": {
                "post": {
                    "summary": "Intent and entities of a text, Rasa NLU parse format",
                    "requestBody": {"required": True, "content": _json("ParseRequest")},
                    "responses": {
                        "200": {"description": "Rasa parse result"},
                        **refusals,
                        "503": _ERROR,
                    },
                }
            },
            "/healthz": {
                "get": {
                    "summary": "Liveness and readiness, with each part's state under `checks` "
                    "(database: ok/unavailable; telegram: off/starting/ok/retrying)",
                    "responses": {
                        "200": {
                            "description": "ok, or degraded (an optional part such as "
                            "Telegram is not up yet)"
                        },
                        "503": {"description": "not ready: a required part (the database) fails"},
                    },
                }
            },
            "/widget.js": {
                "get": {
                    "summary": "The chat widget to embed with one script tag",
                    "responses": {
                        "200": {"description": "JavaScript", "content": {"text/javascript": {}}},
                        "304": {"description": "not modified (If-None-Match)"},
                    },
                }
            },
            "/widget.css": {
                "get": {
                    "summary": "The widget's stylesheet (loaded by widget.js; no inline styles)",
                    "responses": {
                        "200": {"description": "CSS", "content": {"text/css": {}}},
                        "304": {"description": "not modified (If-None-Match)"},
                    },
                }
            },
            "/demo.css": {
                "get": {
                    "summary": "The demo page's stylesheet",
                    "responses": {
                        "200": {"description": "CSS", "content": {"text/css": {}}},
                        "304": {"description": "not modified (If-None-Match)"},
                    },
                }
            },
            "/hours.ics": {
                "get": {
                    "summary": "The opening hours as an iCalendar feed to subscribe to "
                    "(?lang=en for English; regenerated daily, holidays ten years ahead)",
                    "responses": {
                        "200": {"description": "iCalendar", "content": {"text/calendar": {}}},
                        "304": {"description": "not modified (If-None-Match)"},
                        "404": {"description": "no city configured"},
                    },
                }
            },
            "/": _html("Demo page of a city's Bürgerservice with the widget"),
            "/datenschutz": _html("Privacy notice (?lang=en for English)"),
            "/openapi.json": {
                "get": {
                    "summary": "This description",
                    "responses": {"200": {"description": "JSON"}},
                }
            },
        },
        "components": {"schemas": SCHEMAS},
    }
