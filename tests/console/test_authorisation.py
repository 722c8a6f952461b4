"""Who may do what: every staff route refuses anonymous requests, every supervisor action
refuses a clerk, every form checks its CSRF token, the sign-in locks out and rate-limits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from starlette.routing import Mount, Route
from starlette.testclient import TestClient

from storage.models import AppointmentRow, AuditRow, StaffLoginFailure, StaffSession
from tests.console.conftest import NOW, PASSWORD, csrf_of, login_csrf, sign_in
from tests.outreach.population import populate
from tests.storage.support import berlin

PUBLIC = {("/staff/login", "GET"), ("/staff/login", "POST"), ("/staff/lang", "GET"),
          ("/staff/", "GET")}  # fmt: skip
SUPERVISOR_POSTS = {
    "/staff/cutover": {"from": "2021-09-14"},
    "/staff/broadcast/preview": {"audience": "all", "text_de": "Hallo"},
    "/staff/broadcast/send": {"audience": "all", "text_de": "Hallo"},
    "/staff/closures/preview": {"day": "2021-09-14", "kind": "day", "reason_de": "Umzug"},
    "/staff/closures": {"day": "2021-09-14", "kind": "day", "reason_de": "Umzug"},
    "/staff/accounts": {"name": "neu", "role": "supervisor", "password": PASSWORD},
    "/staff/accounts/1": {"role": "supervisor"},
}
SUPERVISOR_PAGES = ("/staff/broadcast", "/staff/audit", "/staff/accounts")


def staff_routes(app) -> list[tuple[str, str]]:
    """Every (path, method) the console serves, with path parameters filled in."""
    (mount,) = [r for r in app.routes if isinstance(r, Mount)]
    found = []
    for route in mount.routes:
        if not isinstance(route, Route):
            continue
        path = "/staff" + route.path.replace("{campaign}", "cutover:2021-09-01").replace(
            "{id}", "1"
        )
        for method in route.methods - {"HEAD"}:
            found.append((path, method))
    return found


def test_the_route_list_is_complete(app):
    found = set(staff_routes(app))
    assert {("/staff/day", "GET"), ("/staff/day/cancel", "POST"), ("/staff/cutover", "POST"),
            ("/staff/report/cutover:2021-09-01/events", "GET")} <= found  # fmt: skip
    assert set(SUPERVISOR_POSTS) <= {p for p, m in found if m == "POST"}


def test_every_staff_route_refuses_an_anonymous_request(app, db):
    client = TestClient(app, base_url="https://testserver")
    for path, method in staff_routes(app):
        if (path, method) in PUBLIC:
            continue
        response = client.request(method, path, data={"csrf": "x"}, follow_redirects=False)
        if method == "GET":
            assert response.status_code == 303, path
            assert response.headers["location"].startswith("/staff/login?next=/staff/"), path
        else:
            assert response.status_code == 401, (method, path)
    events = client.get(
        "/staff/report/cutover:2021-09-01/events", headers={"accept": "text/event-stream"}
    )
    assert events.status_code == 401
    with db.read() as s:  # nothing was done on anyone's behalf
        assert s.scalars(select(AuditRow.action)).all() == []


def test_a_forged_session_cookie_is_anonymous(app):
    client = TestClient(app, base_url="https://testserver", cookies={"bb_staff": "forged"})
    assert client.get("/staff/day", follow_redirects=False).status_code == 303


def test_every_supervisor_action_refuses_a_clerk(clerk, db):
    populate(db, 6, berlin(2021, 9, 14, 8, 0), NOW - timedelta(days=3))
    csrf = csrf_of(clerk)
    for path, data in SUPERVISOR_POSTS.items():
        response = clerk.post(path, data={**data, "csrf": csrf}, follow_redirects=False)
        assert response.status_code == 403, path
        assert "Das darf nur die Leitung." in response.text
    for path in SUPERVISOR_PAGES:
        assert clerk.get(path).status_code == 403, path
    with db.read() as s:
        statuses = set(s.scalars(select(AppointmentRow.status)))
        refused = s.scalars(select(AuditRow.detail).where(AuditRow.action == "staff_refused"))
        assert statuses == {"booked"}  # no cutover, no closure ran
        assert len(refused.all()) == len(SUPERVISOR_POSTS) + len(SUPERVISOR_PAGES)


def test_a_clerk_works_the_day_and_sees_the_cutover_without_confirming_it(clerk):
    assert clerk.get("/staff/day").status_code == 200
    page = clerk.get("/staff/cutover?from=2021-09-14")
    assert page.status_code == 200
    assert "Abzusagende Termine: 0" in page.text
    assert 'method="post" action="/staff/cutover"' not in page.text


def test_every_form_checks_its_csrf_token(clerk, supervisor, db):
    populate(db, 3, berlin(2021, 9, 14, 8, 0), NOW - timedelta(days=3))
    clerk_posts = {"/staff/day/cancel": {"code": "BB-AAAAA", "reason": "duplicate"},
                   "/staff/day/no-show": {"code": "BB-AAAAA"}, "/staff/telegram": {},
                   "/staff/logout": {}}  # fmt: skip
    for client, posts in ((clerk, clerk_posts), (supervisor, SUPERVISOR_POSTS)):
        for path, data in posts.items():
            for token in (None, "wrong"):
                form = data if token is None else {**data, "csrf": token}
                response = client.post(path, data=form, follow_redirects=False)
                assert response.status_code == 403, path
                assert "Das Formular ist abgelaufen." in response.text
    with db.read() as s:
        assert set(s.scalars(select(AppointmentRow.status))) == {"booked"}
    assert clerk.get("/staff/day").status_code == 200  # still signed in: logout was refused


def test_the_sign_in_form_checks_its_token_too(app):
    client = TestClient(app, base_url="https://testserver")
    login_csrf(client)
    form = {"csrf": "forged", "name": "leitung", "password": PASSWORD}
    assert client.post("/staff/login", data=form).status_code == 403


def test_session_cookie_flags(app):
    client = TestClient(app, base_url="https://testserver")
    cookie = sign_in(client, "sb").headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" in cookie
    plain = TestClient(app, base_url="http://testserver")
    assert "Secure" not in sign_in(plain, "sb").headers["set-cookie"].split(",")[0]


def test_the_account_locks_after_wrong_passwords_even_for_the_right_one(app, clock, db):
    client = TestClient(app, base_url="https://testserver")
    for _ in range(2):
        assert sign_in(client, "sb", "falsch-falsch").status_code == 401
    third = sign_in(client, "sb", "falsch-falsch")
    assert third.status_code == 401
    assert "Das Konto ist bis 10:15 Uhr gesperrt." in third.text
    assert sign_in(client, "sb").status_code == 401  # locked: the right password is refused
    other = TestClient(app, base_url="https://testserver")  # another worker, another browser
    assert sign_in(other, "sb").status_code == 401
    clock.now = NOW + timedelta(minutes=16)
    assert sign_in(client, "sb").status_code == 303
    with db.read() as s:
        actions = s.scalars(select(AuditRow.action).order_by(AuditRow.id)).all()
    assert actions == ["staff_login_failed"] * 3 + ["staff_login_locked"] * 2 + ["staff_login"]


def test_one_address_is_throttled_whatever_names_it_tries(app, db):
    client = TestClient(app, base_url="https://testserver")
    for i in range(6):
        assert sign_in(client, f"name{i}", "falsch-falsch").status_code == 401
    refused = sign_in(client, "leitung")
    assert refused.status_code == 429
    assert "Zu viele Fehlversuche von diesem Gerät." in refused.text
    with db.read() as s:
        actors = set(s.scalars(select(AuditRow.actor)))
    assert actors == {"anonymous"}  # no name typed at the prompt is stored


def test_signing_out_ends_the_session_on_the_server(clerk, db):
    cookie = clerk.cookies["bb_staff"]
    response = clerk.post("/staff/logout", data={"csrf": csrf_of(clerk)}, follow_redirects=False)
    assert response.status_code == 303
    replay = TestClient(clerk.app, base_url="https://testserver", cookies={"bb_staff": cookie})
    assert replay.get("/staff/day", follow_redirects=False).status_code == 303
    with db.read() as s:
        assert s.scalars(select(StaffSession)).all() == []


def test_a_disabled_account_is_signed_out_at_once(clerk, supervisor, accounts):
    (sb,) = [m for m, _ in accounts.members() if m.name == "sb"]
    csrf = csrf_of(supervisor, "/staff/accounts")
    response = supervisor.post(
        f"/staff/accounts/{sb.id}", data={"csrf": csrf, "active": "no"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert clerk.get("/staff/day", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/elsewhere"])
def test_after_sign_in_only_console_paths(app, target):
    client = TestClient(app, base_url="https://testserver")
    form = {"csrf": login_csrf(client), "name": "sb", "password": PASSWORD, "next": target}
    response = client.post("/staff/login", data=form, follow_redirects=False)
    assert response.headers["location"] == "/staff/day"


def test_failed_sign_ins_keep_no_address_and_only_for_the_window(app, clock, db):
    client = TestClient(app, base_url="https://testserver")
    sign_in(client, "nobody", "falsch-falsch")
    with db.read() as s:
        (kept,) = s.scalars(select(StaffLoginFailure.client)).all()
    assert "testclient" not in kept and len(kept) == 64  # a hash, not the address
    clock.now = NOW + timedelta(minutes=20)
    sign_in(client, "nobody", "falsch-falsch")
    with db.read() as s:
        assert len(s.scalars(select(StaffLoginFailure)).all()) == 1  # the old one is gone
