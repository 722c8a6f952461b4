"""The console over a real database (both backends where storage matters), a fresh city per
test (closures change its schedule), and staff accounts with a quick argon2 setting."""

from __future__ import annotations

from dataclasses import replace

import pytest
from argon2 import PasswordHasher
from starlette.applications import Starlette
from starlette.testclient import TestClient

from app.config import load_city
from app.services import Services, build_services
from bot.console.app import Console, console_mount
from storage.staff import Policy, StaffAccounts
from tests.conftest import CONFIG
from tests.storage.conftest import db, migrated, pg_url  # noqa: F401
from tests.storage.support import berlin

NOW = berlin(2021, 9, 13, 10, 0)  # a Monday
PASSWORD = "richtig-geheim-1"
QUICK = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)


class Clock:
    def __init__(self, now=NOW):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def fresh_city():
    return load_city(CONFIG)


@pytest.fixture
def accounts(db) -> StaffAccounts:  # noqa: F811 - the storage tests' fixture
    made = StaffAccounts(db, Policy(max_failures=3, client_limit=6), hasher=QUICK)
    made.add("sb", "clerk", PASSWORD, NOW)
    made.add("leitung", "supervisor", PASSWORD, NOW)
    return made


def services_over(db, city, accounts) -> Services:  # noqa: F811
    """The services bundle over the test's database and city, with quick password hashes."""
    return replace(build_services(db=db, city=city), accounts=accounts)


@pytest.fixture
def console(db, fresh_city, accounts, clock) -> Console:  # noqa: F811
    return Console(services_over(db, fresh_city, accounts), clock)


@pytest.fixture
def app(console) -> Starlette:
    return Starlette(routes=[console_mount(console)])


def login_csrf(client: TestClient) -> str:
    page = client.get("/staff/login")
    return page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]


def sign_in(client: TestClient, name: str, password: str = PASSWORD):
    return client.post(
        "/staff/login",
        data={"csrf": login_csrf(client), "name": name, "password": password, "next": ""},
        follow_redirects=False,
    )


def csrf_of(client: TestClient, path: str = "/staff/day") -> str:
    page = client.get(path)
    assert page.status_code == 200, page.text
    return page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]


@pytest.fixture
def clerk(app) -> TestClient:
    client = TestClient(app, base_url="https://testserver")
    assert sign_in(client, "sb").status_code == 303
    return client


@pytest.fixture
def supervisor(app) -> TestClient:
    client = TestClient(app, base_url="https://testserver")
    assert sign_in(client, "leitung").status_code == 303
    return client
