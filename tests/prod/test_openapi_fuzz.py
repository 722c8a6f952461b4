"""Schemathesis against the web app's own OpenAPI description, in process over ASGI, with the
real engine on SQLite: whatever it sends, valid or not, no answer is a 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings

EXAMPLES = 60  # per operation; derandomized, so each run sends the same requests


@pytest.fixture(scope="module")
def web(tmp_path_factory, interpreter):
    from bot.bootstrap import build
    from bot.web import create_app
    from bot.web.limits import Limits

    path = tmp_path_factory.mktemp("openapi") / "bot.db"
    built = build(database_url=f"sqlite:///{path}", interpreter=interpreter)
    # Rate limits lifted: every request comes from one client, and a 429 would hide the engine.
    unlimited = Limits(sender_per_minute=1e9, ip_per_minute=1e9, burst=10**6)
    yield create_app(built.engine, city=built.city, parse=interpreter.parse, limits=unlimited)
    built.db.dispose()


def test_no_request_gets_a_server_error(web):
    """Each operation in turn (schemathesis's pytest plugin does not run under pytest 9)."""
    api = schemathesis.openapi.from_asgi("/openapi.json", web)
    operations = [result.ok() for result in api.get_all_operations()]
    assert {op.path for op in operations} >= {"/webhooks/rest/webhook", "/model/parse"}
    statuses: list[tuple[str, int]] = []
    for operation in operations:

        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case) -> None:
            response = case.call()
            statuses.append((case.path, response.status_code))
            assert response.status_code < 500, (case.method, case.path, response.status_code)

        check()
    assert ("/webhooks/rest/webhook", 200) in statuses  # messages reached the engine
    assert ("/model/parse", 200) in statuses
    assert 429 not in {code for _, code in statuses}
