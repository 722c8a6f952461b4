"""The waitlist view, the audit log, staff accounts and linking a Telegram account."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.console.day import parse_day
from bot.offload import offload
from office.booking import normalize_code
from storage.staff import ROLES

AUDIT_LIMIT = 200


def routes(console, guard) -> list[Route]:
    city = console.city

    async def waitlist(request: Request) -> Response:
        params = request.query_params
        day = parse_day(params.get("date"), console.today()) or console.today()
        service = params.get("service") or city.services[0].id
        if city.service(service) is None:
            service = city.services[0].id
        entries = await offload(console.waitlist.entries, day, service) if console.waitlist else []
        return console.render(
            request, "waitlist.html", day=day, service=service, services=city.services,
            entries=entries, available=console.waitlist is not None,
        )  # fmt: skip

    async def audit(request: Request) -> Response:
        p = request.query_params
        tz = city.tz
        first = parse_day(p.get("from"), date.min) if p.get("from") else None
        last = parse_day(p.get("to"), date.min) if p.get("to") else None
        code = normalize_code(p.get("code") or "", city.booking.code_prefix)
        filters = {"actor": (p.get("actor") or "").strip()[:64],
                   "action": (p.get("action") or "").strip()[:32],
                   "code": code or "", "from": first.isoformat() if first else "",
                   "to": last.isoformat() if last else ""}  # fmt: skip
        rows = await offload(
            lambda: console.audit.search(
                actor=filters["actor"] or None,
                action=filters["action"] or None,
                code=code,
                since=datetime.combine(first, time(0), tz) if first else None,
                until=datetime.combine(last + timedelta(days=1), time(0), tz) if last else None,
                limit=AUDIT_LIMIT,
            )
        )
        actions = await offload(console.audit.actions)
        return console.render(request, "audit.html", rows=rows, filters=filters,
                              actions=actions, limit=AUDIT_LIMIT)  # fmt: skip

    async def accounts(request: Request, status: int = 200, error: str | None = None) -> Response:
        members = await offload(console.accounts.members)
        return console.render(request, "accounts.html", status_code=status, members=members,
                              roles=ROLES, error=error)  # fmt: skip

    async def show_accounts(request: Request) -> Response:
        return await accounts(request)

    async def add_account(request: Request) -> Response:
        form = request.state.form
        name, role = str(form.get("name", "")).strip(), str(form.get("role", ""))
        password = str(form.get("password", ""))
        now = console.clock()
        try:
            member = await offload(console.accounts.add, name, role, password, now)
        except ValueError:
            return await accounts(request, 400, "console.accounts.error")
        detail = f"{member.actor} as {role}"
        await offload(console.audit.record, request.state.member.actor,
                                "staff_account_added", detail, now)  # fmt: skip
        return RedirectResponse("/staff/accounts", status_code=303)

    async def change_account(request: Request) -> Response:
        form = request.state.form
        member = request.state.member
        try:
            target = int(request.path_params["id"])
        except ValueError:
            return console.refusal(request, member, 404, "console.error.not_found")
        now = console.clock()
        role, active = str(form.get("role", "")), str(form.get("active", ""))
        if target == member.id:  # nobody locks themselves out of the console by a slip
            return await accounts(request, 400, "console.accounts.not_self")
        if role in ROLES:
            changed = await offload(console.accounts.set_role, target, role)
            detail = f"account {target} role {role}"
        elif active in ("yes", "no"):
            changed = await offload(console.accounts.set_active, target, active == "yes", now)
            detail = f"account {target} {'enabled' if active == 'yes' else 'disabled'}"
        else:
            return console.refusal(request, member, 400, "console.error.bad_form")
        if not changed:
            return console.refusal(request, member, 404, "console.error.not_found")
        await offload(console.audit.record, member.actor, "staff_account_changed",
                                detail, now)  # fmt: skip
        return RedirectResponse("/staff/accounts", status_code=303)

    async def telegram(request: Request, code: str | None = None) -> Response:
        minutes = int(console.accounts.policy.link_code.total_seconds() // 60)
        return console.render(request, "telegram.html", code=code, minutes=minutes)

    async def show_telegram(request: Request) -> Response:
        return await telegram(request)

    async def link_code(request: Request) -> Response:
        member = request.state.member
        now = console.clock()
        code = await offload(console.accounts.new_link_code, member.id, now)
        await offload(console.audit.record, member.actor, "staff_link_code", None, now)
        return await telegram(request, code)

    return [
        Route("/waitlist", guard(waitlist), methods=["GET"]),
        Route("/audit", guard(audit, supervisor=True), methods=["GET"]),
        Route("/accounts", guard(show_accounts, supervisor=True), methods=["GET"]),
        Route("/accounts", guard(add_account, supervisor=True), methods=["POST"]),
        Route("/accounts/{id}", guard(change_account, supervisor=True), methods=["POST"]),
        Route("/telegram", guard(show_telegram), methods=["GET"]),
        Route("/telegram", guard(link_code), methods=["POST"]),
    ]
