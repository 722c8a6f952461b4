"""The `buergerbot` command: one sub-command group per module in bot/commands."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from bot.commands import COMMAND_GROUPS, CommandError
from bot.logs import configure_cli_logging
from office.city import ConfigError
from storage.errors import DatabaseUnavailable


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="buergerbot", description=__doc__)
    parser.add_argument("--version", action=VersionAction, help="show the version and exit")
    groups = parser.add_subparsers(dest="group", required=True, metavar="COMMAND")
    for register in COMMAND_GROUPS:
        register(groups)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    configure_cli_logging()  # scrubbed JSON lines; `serve` replaces it with uvicorn's own
    try:
        return args.run(args) or 0
    except (CommandError, ConfigError, DatabaseUnavailable) as e:
        print(f"buergerbot: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `buergerbot ... | head`: the reader left. Python would complain again when it flushes
        # stdout at exit, so stdout goes to /dev/null first.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


class VersionAction(argparse.Action):
    """`--version`, reading the installed metadata only when asked: importlib.metadata costs
    a noticeable part of every other command's start."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object):
        super().__init__(option_strings, dest, nargs=0, help=str(kwargs.get("help")))

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("buergerbot")
        except PackageNotFoundError:  # run from a source tree that was never installed
            found = "unknown"
        print(f"buergerbot {found}")  # on stdout, as argparse's own version action does
        parser.exit()


if __name__ == "__main__":
    sys.exit(main())
