"""Responses that a browser or calendar app may keep: an ETag over the body, and 304 on a match.

The widget, its stylesheet and the hours feed change only with a deploy or a day; clients that
revalidate get an empty 304 instead of the body again.
"""

from __future__ import annotations

import hashlib

from starlette.requests import Request
from starlette.responses import Response


def cached(request: Request, body: bytes, media_type: str, max_age: int) -> Response:
    tag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {
        "ETag": tag,
        "Cache-Control": f"public, max-age={max_age}",
        "X-Content-Type-Options": "nosniff",
    }
    wanted = request.headers.get("if-none-match", "")
    if tag in (t.strip().removeprefix("W/") for t in wanted.split(",")):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)
