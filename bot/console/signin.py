"""Signing in and out."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.console.auth import LOGIN_COOKIE, SESSION_COOKIE, local_path, login_token, same, set_cookie
from bot.offload import offload
from office import wording
from office.texts import t
from storage.staff import Refused

LOGIN_TOKEN_AGE = 3600


def routes(console, guard) -> list[Route]:
    def form(
        request: Request,
        target: str | None,
        status: int = 200,
        error: str | None = None,
        name: str = "",
    ) -> Response:
        token = login_token(request)
        response = console.render(
            request,
            "login.html",
            status_code=status,
            login_csrf=token,
            next=local_path(target),
            error=error,
            name=name,
        )
        set_cookie(response, request, LOGIN_COOKIE, token, LOGIN_TOKEN_AGE)
        return response

    async def show(request: Request) -> Response:
        return form(request, request.query_params.get("next"))

    async def sign_in(request: Request) -> Response:
        data = await request.form()
        lang = console.lang(request)
        if not same(data.get("csrf"), request.cookies.get(LOGIN_COOKIE, "")):
            return console.refusal(request, None, 403, "console.error.csrf")
        now = console.clock()
        client = request.client.host if request.client else "?"
        outcome = await offload(
            console.accounts.sign_in,
            str(data.get("name", "")),
            str(data.get("password", "")),
            client,
            now,
        )
        if isinstance(outcome, Refused):
            until = (
                wording.clock(outcome.until.astimezone(console.city.tz)) if outcome.until else ""
            )
            key = f"console.login.{outcome.reason}"
            status = 429 if outcome.reason == "throttled" else 401
            name = str(data.get("name", ""))[:64]
            target = str(data.get("next", ""))
            return form(request, target, status, t(lang, key, until=until), name)
        response = RedirectResponse(local_path(str(data.get("next", ""))), status_code=303)
        age = int(console.accounts.policy.session.total_seconds())
        set_cookie(response, request, SESSION_COOKIE, outcome.token, age)
        response.delete_cookie(LOGIN_COOKIE, path="/staff")
        return response

    async def sign_out(request: Request) -> Response:
        token = request.cookies.get(SESSION_COOKIE, "")
        now = console.clock()
        await offload(console.accounts.sign_out, token, now)
        await offload(console.audit.record, request.state.member.actor, "staff_logout", None, now)
        response = RedirectResponse("/staff/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/staff")
        return response

    return [
        Route("/login", show, methods=["GET"]),
        Route("/login", sign_in, methods=["POST"]),
        Route("/logout", guard(sign_out), methods=["POST"]),
    ]
