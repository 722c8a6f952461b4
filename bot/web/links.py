"""The pages the links in e-mails open: GET shows what the link would do and a button, only the
POST does it. Mail scanners and link previews follow GET links; they must never confirm,
cancel or verify anything (a scanner "confirming" a booking made with someone's address would
defeat the proof). Every link carries a one-purpose token (office.verification)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from bot.offload import offload
from office import notices
from office.booking import Cancelled, Confirmed
from office.city import City
from office.texts import lang_or_default, t
from office.verification import BOOKING, CANCEL, CONFIRM, EMAIL, LINK_PATHS, Verified
from storage.booking import BookingService
from storage.verification import Verifications

_ACTS = {BOOKING: "verify", CANCEL: "cancel", CONFIRM: "confirm", EMAIL: "email"}


def link_routes(booking: BookingService, city: City, clock: Callable[[], datetime]) -> list[Route]:
    """GET and POST for each kind of link (LINK_PATHS)."""

    def page(lang: str, body: str, status: int = 200) -> Response:
        html = f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex">
<title>{escape(t(lang, "link.title"))}</title></head>
<body><main>{body}</main></body></html>"""
        headers = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
        return HTMLResponse(html, status_code=status, headers=headers)

    def invalid(lang: str) -> Response:
        return page(lang, f"<p>{escape(t(lang, 'link.invalid', phone=city.phone))}</p>", 404)

    def handler(purpose: str):
        act = _ACTS[purpose]

        async def endpoint(request: Request) -> Response:
            token = request.path_params["token"]
            now = clock()
            if purpose == EMAIL:
                lang = "de"
                if request.method == "GET":
                    ok = await offload(_email_live, booking, token, now)
                    if not ok:
                        return invalid(lang)
                    return page(lang, _form(lang, act, t(lang, "link.email.ask")))
                if not await offload(booking.verify_email_link, token, now):
                    return invalid(lang)
                return page(lang, f"<p>{escape(t(lang, 'link.email.done'))}</p>")
            a = await offload(booking.appointment_by_token, purpose, token, now)
            if a is None:
                return invalid("de")
            lang = lang_or_default(a.language)
            what = notices.describe(city, a, lang)
            if request.method == "GET":
                ask = t(lang, f"link.{act}.ask", appointment=what, code=a.code)
                return page(lang, _form(lang, act, ask))
            outcome: object
            if purpose == BOOKING:
                outcome = await offload(booking.verify_link, token, now)
            elif purpose == CANCEL:
                outcome = await offload(booking.cancel_by_token, token, now)
            else:
                outcome = await offload(booking.confirm_by_token, token, now)
            if not isinstance(outcome, Confirmed | Cancelled):
                return invalid(lang)
            said = t(lang, f"link.{act}.done", appointment=what, code=a.code)
            return page(lang, f"<p>{escape(said)}</p>")

        return endpoint

    return [Route(LINK_PATHS[p] + "{token}", handler(p), methods=["GET", "POST"]) for p in _ACTS]


def _form(lang: str, act: str, ask: str) -> str:
    button = escape(t(lang, f"link.{act}.button"))
    return (
        f'<p>{escape(ask)}</p>\n<form method="post"><button type="submit">{button}</button></form>'
    )


def _email_live(booking: BookingService, token: str, now: datetime) -> bool:
    return isinstance(Verifications(booking.db).redeem(EMAIL, token, now, use=False), Verified)
