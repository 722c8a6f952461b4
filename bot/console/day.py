"""The day list: a day's appointments, search by code or name, check-in, no-show, cancel."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.offload import offload
from office.booking import NoShowMarked, NotActive, normalize_code
from storage.office_cancel import CANCEL_REASONS, cancel_one

NOTES = frozenset(
    {
        "noshow_marked",
        "noshow_not_started",
        "noshow_not_active",
        "not_found",
        "cancelled",
        "cancel_not_active",
        "checked_in",
        "check_in_refused",
        "date_invalid",
    }
)


def parse_day(text: str | None, default: date) -> date | None:
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def back(day: date, note: str, code: str) -> Response:
    query = urlencode({"date": day.isoformat(), "note": note, "code": code})
    return RedirectResponse(f"/staff/day?{query}#result", status_code=303)


def routes(console, guard) -> list[Route]:
    prefix = console.city.booking.code_prefix

    async def day_list(request: Request) -> Response:
        params = request.query_params
        today = console.today()
        day = parse_day(params.get("date"), today)
        note = params.get("note") if params.get("note") in NOTES else None
        if day is None:
            day, note = today, "date_invalid"
        query = (params.get("q") or "").strip()[:80]
        note_code = normalize_code(params.get("code") or "", prefix) or ""
        found_code = None
        if query and (code := normalize_code(query, prefix)):
            found = await offload(console.booking.appointment, code)
            if found is None:
                note, note_code = "not_found", code
            else:
                day, found_code = found.start.date(), code
        entries = await offload(console.booking.day_list, day, True)
        if query and not found_code:
            needle = query.casefold()
            entries = [e for e in entries if e.name and needle in e.name.casefold()]
        now = console.clock()
        rows = [
            {
                "a": e,
                "active": e.status.active,
                "begun": e.start <= now,
                "found": e.code == found_code,
            }
            for e in entries
        ]
        return console.render(
            request,
            "day.html",
            day=day,
            today=today,
            previous=day - timedelta(days=1),
            following=day + timedelta(days=1),
            rows=rows,
            query=query,
            note=note,
            note_code=note_code,
            reasons=CANCEL_REASONS,
            check_in=console.check_in is not None,
        )

    async def form_code(request: Request) -> tuple[str | None, date]:
        form = request.state.form
        day = parse_day(str(form.get("date", "")), console.today()) or console.today()
        return normalize_code(str(form.get("code", "")), prefix), day

    async def no_show(request: Request) -> Response:
        code, day = await form_code(request)
        if code is None:
            return back(day, "not_found", "")
        member = request.state.member
        outcome = await offload(console.booking.mark_no_show, code, member.actor, console.clock())
        if isinstance(outcome, NoShowMarked):
            return back(day, "noshow_marked", code)
        if isinstance(outcome, NotActive):
            begun = outcome.appointment.start <= console.clock()
            return back(day, "noshow_not_active" if begun else "noshow_not_started", code)
        return back(day, "not_found", code)

    async def cancel(request: Request) -> Response:
        code, day = await form_code(request)
        reason = str(request.state.form.get("reason", ""))
        if code is None:
            return back(day, "not_found", "")
        if reason not in CANCEL_REASONS:
            return console.refusal(request, request.state.member, 400, "console.error.bad_form")
        member = request.state.member
        told = await offload(
            cancel_one, console.db, console.city, code, reason, member.actor, console.clock()
        )
        return back(day, "cancelled" if told else "cancel_not_active", code)

    async def check_in(request: Request) -> Response:
        code, day = await form_code(request)
        if code is None or console.check_in is None:
            return back(day, "not_found", "")
        member = request.state.member
        done = await offload(console.check_in, code, member.actor, console.clock())
        return back(day, "checked_in" if done else "check_in_refused", code)

    return [
        Route("/day", guard(day_list), methods=["GET"]),
        Route("/day/no-show", guard(no_show), methods=["POST"]),
        Route("/day/cancel", guard(cancel), methods=["POST"]),
        Route("/day/check-in", guard(check_in), methods=["POST"]),
    ]
