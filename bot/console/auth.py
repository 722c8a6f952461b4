"""Who is asking: the session cookie, the role a page needs, the CSRF token a form must carry.

Sessions are server-side rows (storage.staff): the cookie carries a random token only, so
signing out or disabling an account ends a session at once on every worker. Every POST carries
the session's CSRF token in a hidden field; the sign-in form, before there is a session, carries
a double-submit token (a cookie and the same value in the form). SameSite=Strict is the second
line of defence, not the only one.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.offload import offload
from storage.staff import StaffMember

SESSION_COOKIE = "bb_staff"
LOGIN_COOKIE = "bb_staff_login"
LANG_COOKIE = "bb_staff_lang"
Handler = Callable[[Request], Awaitable[Response]]


def secure(request: Request) -> bool:
    """Over https (directly or behind a proxy uvicorn trusts) cookies get the Secure flag."""
    return request.url.scheme == "https"


def set_cookie(response: Response, request: Request, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/staff",
        httponly=True,
        samesite="strict",
        secure=secure(request),
    )


def same(given: object, expected: str) -> bool:
    return isinstance(given, str) and bool(expected) and hmac.compare_digest(given, expected)


def login_token(request: Request) -> str:
    """The double-submit token of the sign-in form: the cookie's, or a new one."""
    return request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(32)


def local_path(target: str | None) -> str:
    """Where to go after signing in: only a path inside the console (no open redirect)."""
    if target and target.startswith("/staff") and not target.startswith("//"):
        return target
    return "/staff/day"


class Guard:
    """Wraps a page handler: signed in, the role if one is needed, the CSRF token on POST."""

    def __init__(self, console):
        self.console = console

    def __call__(self, handler: Handler, supervisor: bool = False) -> Handler:
        async def endpoint(request: Request) -> Response:
            console = self.console
            token = request.cookies.get(SESSION_COOKIE)
            found = (
                await offload(console.accounts.session, token, console.clock()) if token else None
            )
            if found is None:
                if request.method == "GET" and "text/event-stream" not in request.headers.get(
                    "accept", ""
                ):
                    target = quote(
                        request.url.path + ("?" + request.url.query if request.url.query else "")
                    )
                    return RedirectResponse(f"/staff/login?next={target}", status_code=303)
                return console.refusal(request, None, 401, "console.error.signed_out")
            member, csrf = found
            request.state.member = member
            request.state.csrf = csrf
            if supervisor and not member.is_supervisor:
                await self.audit(member, "staff_refused", request)
                return console.refusal(request, member, 403, "console.error.supervisor_only")
            if request.method == "POST":
                form = await request.form()
                if not same(form.get("csrf"), csrf):
                    await self.audit(member, "staff_csrf_refused", request)
                    return console.refusal(request, member, 403, "console.error.csrf")
                request.state.form = form
            return await handler(request)

        return endpoint

    async def audit(self, member: StaffMember, action: str, request: Request) -> None:
        await offload(
            self.console.audit.record,
            member.actor,
            action,
            f"{request.method} {request.url.path}",
            self.console.clock(),
        )
