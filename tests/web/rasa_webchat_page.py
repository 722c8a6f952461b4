"""The test page that embeds the unmodified rasa-webchat bundle (tests/web/webchat, `npm ci`)."""

from __future__ import annotations

from pathlib import Path

BUNDLE = Path(__file__).parent / "webchat" / "node_modules" / "rasa-webchat" / "lib" / "index.js"


def page(bundle_url: str, socket_url: str) -> str:
    """A city page with rasa-webchat loaded from `bundle_url`, talking to `socket_url`."""
    return f"""<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>rasa-webchat</title></head>
<body><main><h1>Stadtverwaltung</h1></main>
<script src="{bundle_url}"></script>
<script>
  WebChat.default({{
    initPayload: "/greet",
    socketUrl: {socket_url},
    socketPath: "/socket.io/",
    customData: {{language: "de"}},
    title: "Bürgerservice",
    params: {{storage: "session"}}
  }}, null);
</script>
</body></html>
"""
