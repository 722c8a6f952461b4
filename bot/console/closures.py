"""Closures: a closure day or an early closing, the appointments it hits listed first, then
cancelled and their people told through the cutover's path."""

from __future__ import annotations

from datetime import date, time

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.console.day import parse_day
from bot.offload import offload
from office import wording
from office.closures import Closure
from office.notices import office_cancel_notice

MAX_REASON = 200


def routes(console, guard) -> list[Route]:
    store = console.closures
    city = console.city

    def parse(request: Request) -> tuple[Closure | None, dict[str, str], str | None]:
        """The form's closure, its raw values (to show again), and what is wrong with it."""
        form = request.state.form
        raw = {k: str(form.get(k, "")).strip()[:MAX_REASON]
               for k in ("day", "kind", "closes_at", "reason_de", "reason_en")}  # fmt: skip
        day = parse_day(raw["day"], date.min) if raw["day"] else None
        if day is None or day < console.today():
            return None, raw, "console.closures.error.day"
        closes = None
        if raw["kind"] == "early":
            try:
                closes = time.fromisoformat(raw["closes_at"])
            except ValueError:
                return None, raw, "console.closures.error.time"
        elif raw["kind"] != "day":
            return None, raw, "console.closures.error.kind"
        if not raw["reason_de"]:
            return None, raw, "console.closures.error.reason"
        reason = {"de": raw["reason_de"], **({"en": raw["reason_en"]} if raw["reason_en"] else {})}
        return Closure(day, reason, closes), raw, None

    async def page(request: Request, status: int = 200, **context) -> Response:
        stored = await offload(store.all)
        context.setdefault("raw", {"kind": "day"})
        context.setdefault("error", None)
        context.setdefault("preview", None)
        return console.render(request, "closures.html", status_code=status, stored=stored,
                              configured=sorted(city.schedule.base_closures.extra.items()),
                              **context)  # fmt: skip

    async def show(request: Request) -> Response:
        return await page(request)

    async def preview(request: Request) -> Response:
        closure, raw, error = parse(request)
        if error or closure is None:
            return await page(request, 400, raw=raw, error=error)
        affected = await offload(store.affected, closure, console.clock())
        lang = console.lang(request)
        closes = closure.closes_at
        hours = [  # the counter hours left that day
            wording.span(iv.start, min(iv.end.time(), closes), lang)
            for iv in city.schedule.day(closure.day)
            if iv.kind.at_office and closes is not None and iv.start.time() < closes
        ]
        sample = affected[:1]
        notice = (
            office_cancel_notice(city, sample, lang, store.why(closure, lang)) if sample else None
        )
        return await page(request, raw=raw,
                          preview={"closure": closure, "affected": affected, "hours": hours,
                                   "notice": notice})  # fmt: skip

    async def add(request: Request) -> Response:
        closure, raw, error = parse(request)
        if error or closure is None:
            return await page(request, 400, raw=raw, error=error)
        actor = request.state.member.actor
        try:
            await offload(store.add, closure, actor, console.clock())
        except ValueError:
            return await page(request, 409, raw=raw, error="console.closures.error.exists")
        return RedirectResponse(f"/staff/report/{store.campaign(closure.day)}", status_code=303)

    return [
        Route("/closures", guard(show), methods=["GET"]),
        Route("/closures/preview", guard(preview, supervisor=True), methods=["POST"]),
        Route("/closures", guard(add, supervisor=True), methods=["POST"]),
    ]
