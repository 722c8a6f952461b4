"""What goes into the image and the venv, checked without Docker: the build context leaves out
what a developer's machine makes, the image copies every package, `make run` and the image
install the same pinned versions, and the benchmarks need nothing `.[dev]` does not install."""

from __future__ import annotations

import ast
import importlib.util
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
OURS = {"office", "storage", "nlu", "app", "actions", "bot", "tests", "bench", "deploy"}


def load_lock_module():
    spec = importlib.util.spec_from_file_location("deploy_lock", ROOT / "deploy" / "lock.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def lock_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    return pins


# --- the build context -----------------------------------------------------------------------


def docker_pattern(pattern: str) -> re.Pattern[str]:
    """A .dockerignore line as Docker reads it: relative to the context's root, `*` and `?`
    within one path element, `**` across any number of them."""
    pattern = pattern.strip().strip("/")
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out)


@pytest.fixture(scope="module")
def ignored():
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    patterns = [docker_pattern(x) for x in lines if x.strip() and not x.startswith("#")]
    assert not any(x.startswith("!") for x in lines), "exceptions are not modelled here"

    def is_ignored(path: str) -> bool:
        """A path is left out when it or one of its folders matches (Docker skips the folder)."""
        parts = path.split("/")
        prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
        return any(p.fullmatch(x) for p in patterns for x in prefixes)

    return is_ignored


@pytest.mark.parametrize(
    "path",
    [
        ".venv/lib/python3.11/site-packages/sqlalchemy/__init__.py",
        "tests/web/webchat/node_modules/rasa-webchat/lib/index.js",
        "tests/oracle/node_modules/opening_hours/index.js",
        ".git/objects/ab/cdef",
        "bot/__pycache__/engine.cpython-311.pyc",
        ".pytest_cache/v/cache/lastfailed",
        ".ruff_cache/0.8.0/123",
        ".mypy_cache/3.11/bot/engine.meta.json",
        "buergerbot.egg-info/PKG-INFO",
        "nlu/.cache/model-6b478d7bd664278f86df.npz",
        "data/buergerbot.db",
        "data/buergerbot.db-wal",
        "bench/race.db",
        "tests/artifacts/widget.png",
    ],
)
def test_the_build_context_leaves_out_what_a_machine_made(ignored, path):
    assert ignored(path)


def test_the_build_context_keeps_every_tracked_file_the_image_copies(ignored):
    copied = re.findall(r"^COPY (\S+) ", (ROOT / "Dockerfile").read_text(), re.M)
    tracked = git_files()
    kept = [f for f in tracked if any(f == c or f.startswith(c + "/") for c in copied)]
    assert len(kept) > 100
    assert [f for f in kept if ignored(f)] == []


def git_files() -> list[str]:
    if not (ROOT / ".git").exists():
        pytest.skip("LOUD SKIP: not a git checkout; the tracked files cannot be listed")
    done = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout.splitlines()


def test_the_build_context_of_this_checkout_is_small(ignored):
    """Measured on the real tree, with whatever venv, npm packages and caches it holds now."""
    size = 0
    for path in ROOT.rglob("*"):
        rel = path.relative_to(ROOT).as_posix()
        if path.is_file() and not path.is_symlink() and not ignored(rel):
            size += path.stat().st_size
    assert size < 10_000_000, f"{size / 1e6:.1f} MB would be sent to the Docker daemon"


def test_the_image_copies_every_package_the_project_installs():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    packages = {p.rstrip("*") for p in project["tool"]["setuptools"]["packages"]["find"]["include"]}
    copied = set(re.findall(r"^COPY (\S+) ", (ROOT / "Dockerfile").read_text(), re.M))
    assert packages <= copied, packages - copied


# --- one source of pinned versions -----------------------------------------------------------


def make_recipe(target: str) -> tuple[str, list[str]]:
    """The prerequisites and recipe lines of one Makefile rule."""
    text = (ROOT / "Makefile").read_text()
    match = re.search(rf"^{re.escape(target)}:(.*)\n((?:\t.*\n)+)", text, re.M)
    assert match, target
    return match[1], [x.strip() for x in match[2].splitlines()]


@pytest.mark.parametrize("stamp", ["$(STAMP)", "$(DEV_STAMP)"])
def test_make_run_and_make_test_install_with_the_lock(stamp):
    """`make run` builds $(STAMP), `make test` $(DEV_STAMP): both constrained by the lock the
    Dockerfile installs from, and rebuilt when it changes."""
    prerequisites, recipe = make_recipe(stamp)
    assert "requirements.lock" in prerequisites.split("|")[0]
    installs = [x for x in recipe if "pip install" in x]
    assert installs and all("--constraint requirements.lock" in x for x in installs)
    assert "$(STAMP)" in make_recipe("run")[0]
    assert "$(DEV_STAMP)" in make_recipe("lint")[0]


def test_the_lock_is_what_this_venv_runs():
    """The versions the tests ran with are the versions the image gets."""
    closure = load_lock_module().closure()
    installed = {canonicalize_name(k): v for k, v in closure.items()}
    pins = lock_pins()
    differ = {k: (installed.get(k), pins.get(k)) for k in installed.keys() | pins.keys()}
    assert {k: v for k, v in differ.items() if v[0] != v[1]} == {}, "run `make lock`"


# --- the benchmarks' imports -----------------------------------------------------------------


def imported_modules(path: Path, seen: set[Path]) -> set[str]:
    """Top-level names of every module `path` imports, following our own modules' imports."""
    if path in seen:
        return set()
    seen.add(path)
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            found.add(name.split(".")[0])
            if name.split(".")[0] in OURS:
                found |= imported_modules_of(name, seen)
    return found


def imported_modules_of(dotted: str, seen: set[Path]) -> set[str]:
    base = ROOT.joinpath(*dotted.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return imported_modules(candidate, seen)
    return set()  # a name imported from a module, not a module


@pytest.mark.parametrize("bench", sorted(p.name for p in (ROOT / "bench").glob("*.py")))
def test_every_benchmark_needs_only_what_dev_installs(bench):
    names = imported_modules(ROOT / "bench" / bench, set())
    third_party = sorted(n for n in names - OURS if n not in sys.stdlib_module_names)
    dev = {canonicalize_name(k) for k in load_lock_module().closure(("dev",))}
    providers = packages_distributions()
    missing = {
        name: providers.get(name)
        for name in third_party
        if not {canonicalize_name(d) for d in providers.get(name, [])} & dev
    }
    assert missing == {}, f"{bench} imports what `pip install -e .[dev]` does not bring"
