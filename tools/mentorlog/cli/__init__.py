"""The `mentorlog` command: a thin layer over the library.

Each subcommand lives in its own module with `add_parser(subparsers)` and `run(args) -> int`.
MentorlogError (usage or environment) is handled here, once: message on stderr, exit 2.
"""

from __future__ import annotations

import argparse
import sys
from types import ModuleType

from .. import __version__
from ..problems import MentorlogError
from . import build, check, export, forget, forms, fromissue, init, new, report, serve, validate
from .common import add_repo_option

COMMANDS: tuple[ModuleType, ...] = (validate, check, new, init, forms, fromissue, build, serve,
                                     report, export, forget)
EXIT_USAGE = 2


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mentorlog",
        description="Mentoring session records as YAML in git: validate, check, build the site.")
    parser.add_argument("--version", action="version", version=f"mentorlog {__version__}")
    add_repo_option(parser, default=None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
    except MentorlogError as exc:
        print(f"mentorlog: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    return code
