"""The command line starts cheaply: --version, no traceback into a closed pipe, Alembic only
for an upgrade, and the migration head read without it."""

from __future__ import annotations

import os
import subprocess
import sys

from storage.db import MIGRATIONS, head_revision


def run(args: list[str], env: dict[str, str], code: str = "") -> subprocess.CompletedProcess:
    command = [
        sys.executable,
        "-c",
        code or "import sys; from bot.cli import main; sys.exit(main())",
    ]
    return subprocess.run([*command, *args], env=env, capture_output=True, text=True)


def test_version(tmp_path):
    done = run(["--version"], dict(os.environ))
    assert done.returncode == 0 and done.stdout.startswith("buergerbot ")


def test_output_into_a_closed_pipe_ends_without_a_traceback(tmp_path):
    reader = subprocess.Popen(
        ["head", "-c", "10"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL
    )
    args = ["schedule", "intervals", "--from", "2021-01-01", "--to", "2025-12-31", "--json"]
    cli = [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())", *args]
    writer = subprocess.run(cli, stdout=reader.stdin, stderr=subprocess.PIPE, text=True)
    reader.stdin.close()
    reader.wait()
    assert "Traceback" not in writer.stderr and "BrokenPipe" not in writer.stderr
    assert writer.returncode == 1


def test_the_head_read_from_the_files_is_alembics():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert (
        head_revision(MIGRATIONS / "versions")
        == ScriptDirectory.from_config(config).get_current_head()
    )


def test_ask_on_a_migrated_database_imports_no_alembic(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/cli.db"}
    assert run(["db", "upgrade"], env).returncode == 0
    probe = (
        "import sys; from bot.cli import main; code = main(); "
        "print('ALEMBIC' if any(m.startswith('alembic') for m in sys.modules) else 'NONE'); "
        "sys.exit(code)"
    )
    done = run(["ask", "Wann haben Sie geöffnet?"], env, probe)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("NONE")
    fresh = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/fresh.db"}
    done = run(["ask", "Hallo"], fresh, probe)  # a new database is still migrated on first use
    assert done.returncode == 0 and done.stdout.strip().endswith("ALEMBIC")


def test_help_imports_no_engine_nlu_or_storage():
    """Every command's module is loaded to build the parser: heavy imports belong in the
    commands that run, or `--help` and `db check` pay for the engine of `ask`."""
    heavy = ("alembic", "sqlalchemy", "numpy", "rasa_sdk", "bot.bootstrap", "nlu.interpreter")
    probe = (
        "import sys; from bot.cli import build_parser; build_parser(); "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r} or m in {heavy!r}))"
    )
    done = run([], dict(os.environ), probe)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_date_rules_are_compiled_only_when_a_message_needs_them():
    from datetime import date

    from nlu import dates

    dates._compiled.cache_clear()
    list(dates.candidates("wann haben sie geöffnet?", date(2021, 9, 15)))
    assert dates._compiled.cache_info().currsize == 0
    found = list(dates.candidates("am montag um 10 uhr", date(2021, 9, 15)))
    assert found and 0 < dates._compiled.cache_info().currsize < len(dates._RULES)
