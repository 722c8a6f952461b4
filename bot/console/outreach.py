"""Telling citizens: the cutover (dry run, a supervisor confirms), broadcasts, and the report
of any campaign with its live progress as Server-Sent Events."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from collections.abc import AsyncIterator
from datetime import date

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from bot.console.day import parse_day
from bot.offload import offload
from office import wording
from office.notices import news_notice
from storage.broadcast import AUDIENCES
from storage.campaigns import CampaignReport

CAMPAIGN = re.compile(r"^(cutover|closure|cancel|news):[A-Za-z0-9-]{1,40}$")
PROGRESS_EVERY_S = 0.5
STREAM_FOR_S = 30 * 60  # a browser reconnects by itself after this
MAX_TEXT = 2000


def routes(console, guard) -> list[Route]:
    reports = CampaignReport(console.db)

    def default_cutover_day() -> date:
        cut = console.city.cutover
        return cut.date if cut and cut.date >= console.today() else console.today()

    async def cutover(request: Request) -> Response:
        day = parse_day(request.query_params.get("from"), default_cutover_day())
        invalid = day is None
        day = day or default_cutover_day()
        now = console.clock()
        counts = await offload(console.cutover.preview, day, now)
        runs = await offload(console.cutover.runs)
        return console.render(
            request,
            "cutover.html",
            day=day,
            counts=counts,
            by_day=sorted(counts.by_day.items()),
            by_channel=sorted(counts.by_channel.items()),
            runs=runs,
            invalid=invalid,
            configured=console.city.cutover is not None,
        )

    async def run_cutover(request: Request) -> Response:
        day = parse_day(str(request.state.form.get("from", "")), console.today())
        if day is None or console.city.cutover is None:
            return console.refusal(request, request.state.member, 400, "console.error.bad_form")
        actor = request.state.member.actor
        await offload(console.cutover.run, day, actor, console.clock())
        return RedirectResponse(f"/staff/report/{console.cutover.campaign(day)}", status_code=303)

    async def audiences() -> list[tuple[str, int]]:
        return [(a, await offload(console.broadcast.audience_size, a)) for a in AUDIENCES]

    def broadcast_form(request: Request) -> tuple[str, str, str]:
        form = request.state.form
        audience = str(form.get("audience", ""))
        return (
            audience if audience in AUDIENCES else "",
            str(form.get("text_de", "")).strip()[:MAX_TEXT],
            str(form.get("text_en", "")).strip()[:MAX_TEXT],
        )

    async def broadcast(request: Request) -> Response:
        return console.render(
            request, "broadcast.html", audiences=await audiences(), chosen="subscribers",
            text_de="", text_en="", error=None, preview=None,
        )  # fmt: skip

    async def broadcast_preview(request: Request) -> Response:
        audience, text_de, text_en = broadcast_form(request)
        error = None if audience and text_de else "console.broadcast.missing"
        preview = None
        if error is None:
            by_channel = await offload(console.broadcast.by_channel, audience)
            preview = {
                "de": news_notice(console.city, text_de, "de"),
                "en": news_notice(console.city, text_en or text_de, "en"),
                "by_channel": sorted(by_channel.items()),
                "total": sum(by_channel.values()),
            }
        return console.render(
            request, "broadcast.html", status_code=400 if error else 200,
            audiences=await audiences(), chosen=audience or "subscribers", text_de=text_de,
            text_en=text_en, error=error, preview=preview,
        )  # fmt: skip

    async def broadcast_send(request: Request) -> Response:
        audience, text_de, text_en = broadcast_form(request)
        if not (audience and text_de):
            return console.refusal(request, request.state.member, 400, "console.error.bad_form")
        actor = request.state.member.actor
        await offload(
            console.broadcast.send, audience, text_de, actor, console.clock(), text_en or None
        )
        campaign = console.broadcast.campaign(audience, text_de, text_en or None)
        return RedirectResponse(f"/staff/report/{campaign}", status_code=303)

    async def report(request: Request) -> Response:
        campaign = request.path_params["campaign"]
        if not CAMPAIGN.match(campaign):
            return console.refusal(request, request.state.member, 404, "console.error.not_found")
        progress = await offload(reports.progress, campaign)
        to_call = await offload(reports.to_call, campaign) if progress.done else []
        kind, subject = campaign.split(":", 1)
        with contextlib.suppress(ValueError):
            if kind in ("cutover", "closure"):
                subject = wording.day_name(date.fromisoformat(subject), console.lang(request))
        return console.render(
            request,
            "report.html",
            campaign=campaign,
            kind=kind,
            subject=subject,
            progress=progress,
            to_call=to_call,
        )

    async def events(request: Request) -> Response:
        campaign = request.path_params["campaign"]
        if not CAMPAIGN.match(campaign):
            return Response(status_code=404)

        async def stream() -> AsyncIterator[str]:
            loop = asyncio.get_running_loop()
            until = loop.time() + STREAM_FOR_S
            last = None
            yield f"retry: {int(PROGRESS_EVERY_S * 4000)}\n\n"
            while loop.time() < until:  # Starlette ends the stream when the browser leaves
                progress = await offload(reports.progress, campaign)
                if progress != last:
                    last = progress
                    yield f"event: progress\ndata: {json.dumps(progress.as_json())}\n\n"
                if progress.done:
                    yield "event: done\ndata: {}\n\n"
                    return
                await asyncio.sleep(PROGRESS_EVERY_S)

        return StreamingResponse(
            stream(),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

    return [
        Route("/cutover", guard(cutover), methods=["GET"]),
        Route("/cutover", guard(run_cutover, supervisor=True), methods=["POST"]),
        Route("/broadcast", guard(broadcast, supervisor=True), methods=["GET"]),
        Route("/broadcast/preview", guard(broadcast_preview, supervisor=True), methods=["POST"]),
        Route("/broadcast/send", guard(broadcast_send, supervisor=True), methods=["POST"]),
        Route("/report/{campaign}", guard(report), methods=["GET"]),
        Route("/report/{campaign}/events", guard(events), methods=["GET"]),
    ]
