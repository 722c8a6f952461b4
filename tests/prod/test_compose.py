"""The compose stack and the image, checked without Docker (none runs here): every command
parses with the real CLI, the action server's module loads our actions, ports, health checks,
environment names and start order agree with the code, and the lock file pins what we need."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from app import settings
from bot.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ("migrate", "bot", "purge", "actions")


def interpolate(value):
    """Compose's ${VAR:-default} and ${VAR:?error} in every string, no variables set ('x')."""
    if isinstance(value, dict):
        return {k: interpolate(v) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v) for v in value]
    if isinstance(value, str):
        value = re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", value)
        return re.sub(r"\$\{\w+(:\?[^}]*)?\}", "x", value)
    return value


@pytest.fixture(scope="module")
def compose() -> dict:
    return interpolate(yaml.safe_load((ROOT / "docker-compose.yml").read_text()))


@pytest.fixture(scope="module")
def dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text()


def health_port(service: dict) -> int:
    return int(re.search(r"127\.0\.0\.1:(\d+)/", " ".join(service["healthcheck"]["test"]))[1])


def test_the_stack_has_its_five_services_and_starts_in_order(compose):
    services = compose["services"]
    assert set(services) == {"postgres", "migrate", "bot", "purge", "actions"}
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert services["migrate"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    for name in ("bot", "purge", "actions"):
        assert services[name]["depends_on"] == {
            "postgres": {"condition": "service_healthy"},
            "migrate": {"condition": "service_completed_successfully"},
        }
    for name in ("bot", "actions"):
        assert services[name]["healthcheck"]["test"]


def test_every_buergerbot_command_parses_with_the_real_cli(compose):
    services = compose["services"]
    assert services["migrate"]["command"] == ["buergerbot", "db", "upgrade"]
    build_parser().parse_args(services["migrate"]["command"][1:])
    serve = build_parser().parse_args(services["bot"]["command"][1:])
    assert serve.run.__name__ == "run_serve"
    assert serve.host == "0.0.0.0" and serve.workers >= 2
    assert f"{serve.port}:{serve.port}" in services["bot"]["ports"]
    assert health_port(services["bot"]) == serve.port
    assert "/healthz" in " ".join(services["bot"]["healthcheck"]["test"])
    purge = build_parser().parse_args(services["purge"]["command"][1:])
    assert purge.run.__name__ == "purge_old" and purge.schedule


def test_the_action_server_command_parses_and_needs_its_token(compose):
    actions = compose["services"]["actions"]
    assert actions["command"][0] == "buergerbot"
    args = build_parser().parse_args(actions["command"][1:])
    assert args.run.__name__ == "run_actions"
    assert health_port(actions) == args.port
    assert "BUERGERBOT_ACTION_TOKEN" in actions["environment"]


def reachable_from_the_host(compose: dict, name: str) -> bool:
    """Published ports, host networking, or a network that is not internal: a way in from the
    host's network (and so, with a forwarded or open port, from anywhere)."""
    service = compose["services"][name]
    if service.get("ports") or service.get("network_mode") == "host":
        return True
    networks = compose.get("networks") or {}
    joined = service.get("networks") or ["default"]
    return any(not (networks.get(n) or {}).get("internal") for n in joined)


def test_the_action_server_is_not_reachable_from_the_hosts_network(compose):
    reachable = reachable_from_the_host(compose, "actions")
    print(f"action server reachable from the host's network: {'yes' if reachable else 'no'}")
    assert not reachable
    assert not reachable_from_the_host(compose, "postgres")
    assert reachable_from_the_host(compose, "bot")  # the one published service
    readme = (ROOT / "README.md").read_text()
    assert "never be public" in readme


def test_environment_names_are_the_ones_the_settings_read(compose):
    source = Path(settings.__file__).read_text()
    known = set(re.findall(r'env\.get\("(\w+)"', source))
    for name in APP_SERVICES:
        env = compose["services"][name]["environment"]
        assert set(env) <= known, set(env) - known
        assert env["DATABASE_URL"].startswith("postgresql+psycopg://")
        assert "@postgres:5432/" in env["DATABASE_URL"]
    bot = compose["services"]["bot"]["environment"]
    assert {"TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_URL", "BUERGERBOT_ALTCHA_KEY"} <= set(bot)
    assert bot["BUERGERBOT_TRUSTED_PROXIES"] == ""  # trusts no forwarded address unless told


def test_the_image_is_slim_non_root_and_installs_from_the_lock(dockerfile, compose):
    assert re.search(r"^FROM python:3\.11-slim\b", dockerfile, re.M)
    user = re.findall(r"^USER (\S+)", dockerfile, re.M)
    assert user and user[-1] not in ("root", "0")
    assert "pip install --requirement requirements.lock" in dockerfile
    exposed = {int(p) for p in re.findall(r"^EXPOSE (.+)$", dockerfile, re.M)[0].split()}
    assert health_port(compose["services"]["bot"]) in exposed
    assert health_port(compose["services"]["actions"]) in exposed
    assert "python -m rasa_sdk" not in dockerfile  # its server answers anyone; ours wants a token
    for path in re.findall(r"^COPY (\S+) ", dockerfile, re.M):
        if path != "requirements.lock":
            assert (ROOT / path).exists(), path


def test_the_lock_pins_every_runtime_dependency_within_its_range():
    lock = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            lock[canonicalize_name(name)] = version
    assert "buergerbot" not in lock
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for raw in project["dependencies"]:
        req = Requirement(raw)
        name = canonicalize_name(req.name)
        assert name in lock, f"{name} is not pinned in requirements.lock (run make lock)"
        assert req.specifier.contains(lock[name], prereleases=True), (name, lock[name])
    assert "pytest" not in lock and "hypothesis" not in lock  # dev tools stay out of the image
