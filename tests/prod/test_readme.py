"""Every shell command of the README runs exactly as written.

The fenced `sh` blocks are read from README.md and run in order by bash, in a fresh folder that
sees the checkout's files (so `tests/nlu/heldout.yml` or `config/` resolve) and a `.venv/bin`
whose `buergerbot` and `python` run this checkout's code with this test's interpreter. No
database is set, so the commands meet the README's default, `data/buergerbot.db` in that folder;
the mail server (`SMTP_URL`) is a local aiosmtpd.
Commands that start servers, run benchmarks or the whole conversation corpus are not run; their
arguments are parsed by the real command line instead (or the script is shown to exist).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink

from bot.cli import build_parser
from tests.serving import free_port

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

NOT_RUN = {
    "make ": "the set-up itself: CI runs `make test`, `make run` starts the server",
    "export ": "a Telegram token for a real bot",
    ".venv/bin/buergerbot serve": "a server that runs until it is stopped",
    ".venv/bin/buergerbot test conversations": "the corpus, case by case in tests/conversations",
    ".venv/bin/buergerbot actions": "the action server runs until it is stopped",
    ".venv/bin/python bench/": "a benchmark (make bench)",
    ".venv/bin/python -P bench/": "a benchmark (make bench)",
}
# What a command answers in a fresh database when that answer is the right one.
EXIT_CODES = {  # nobody and no such appointment in a fresh database yet
    ".venv/bin/buergerbot staff noshow BB-7K3QX": 2,
    ".venv/bin/buergerbot staff erase --email a@b.de": 2,
    ".venv/bin/buergerbot staff export --code BB-7K3QX": 2,
}
TYPED = {".venv/bin/buergerbot staff user add": "ein sehr langes Passwort\n" * 2}


def readme_commands() -> list[str]:
    """The logical lines of every ```sh block: continuations joined, comments-only left out."""
    text = (ROOT / "README.md").read_text()
    commands = []
    for block in re.findall(r"^ *```sh\n(.*?)^ *```", text, re.M | re.S):
        for line in re.sub(r"\\\n\s*", " ", block).splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                commands.append(line)
    return commands


def words(command: str) -> list[str]:
    """The command's words after any `NAME=value` settings, up to a comment or a redirection."""
    found = []
    for word in shlex.split(command, comments=True):
        if word in (">", "|"):
            break
        if found or not re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", word):
            found.append(word)
    return found


def not_run(command: str) -> str | None:
    """Why a command is not run, or None."""
    program = " ".join(words(command))
    return next((r for p, r in NOT_RUN.items() if f"{program} ".startswith(p)), None)


def test_the_readme_calls_buergerbot_only_where_make_installs_it():
    """`make run`/`make test` install into .venv, which is not on anyone's PATH."""
    commands = readme_commands()
    assert len(commands) > 30
    bare = [c for c in commands if re.search(r"(^|[|;&]\s*)buergerbot\b", c)]
    assert bare == []
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^VENV := \.venv$", makefile, re.M)
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"buergerbot": "bot.cli:main"}


def test_commands_that_are_not_run_still_parse():
    parser = build_parser()
    for command in readme_commands():
        if not_run(command) is None:
            continue
        argv = words(command)
        if argv[0] == ".venv/bin/buergerbot":
            parser.parse_args(argv[1:])
        elif "bench/" in command:
            script = next(w for w in argv if w.startswith("bench/"))
            assert (ROOT / script).is_file(), command


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The checkout's files, and a .venv/bin that runs them with this interpreter."""
    for entry in ROOT.iterdir():
        if entry.name not in (".venv", "data", ".git"):
            (tmp_path / entry.name).symlink_to(entry)
    bin_ = tmp_path / ".venv" / "bin"
    bin_.mkdir(parents=True)
    shims = {"python": 'exec {py} "$@"', "buergerbot": 'exec {py} -m bot.cli "$@"'}
    for name, body in shims.items():
        shim = bin_ / name
        shim.write_text("#!/bin/sh\n" + body.format(py=shlex.quote(sys.executable)) + "\n")
        shim.chmod(0o755)
    return tmp_path


@pytest.fixture
def smtp_url():
    """The city's mail server, for `staff deliver`: a local one that accepts everything."""
    server = Controller(Sink(), hostname="127.0.0.1", port=free_port())
    server.start()
    yield f"smtp://127.0.0.1:{server.port}"
    server.stop()


def test_every_readme_command_runs_as_written(folder: Path, smtp_url: str):
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env |= {"PYTHONPATH": str(ROOT), "NO_COLOR": "1", "SMTP_URL": smtp_url}
    ran, failed = 0, []
    for command in readme_commands():
        if not_run(command):
            continue
        expected = next((c for p, c in EXIT_CODES.items() if command.startswith(p)), 0)
        typed = next((t for p, t in TYPED.items() if command.startswith(p)), "")
        done = subprocess.run(
            ["bash", "-o", "pipefail", "-c", command],
            cwd=folder,
            env=env,
            input=typed,
            capture_output=True,
            text=True,
            timeout=180,
        )
        ran += 1
        if done.returncode != expected or "Traceback" in done.stderr:
            failed.append((command, done.returncode, done.stderr[-600:]))
    assert failed == []
    assert ran >= 25
    assert (folder / "data" / "buergerbot.db").is_file()  # the README's default database
    assert "BEGIN:VCALENDAR" in (folder / "hours.ics").read_text()
