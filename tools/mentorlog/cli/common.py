"""Options shared by several subcommands."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_repo_option(parser: argparse.ArgumentParser, default: object) -> None:
    """--repo is global, and accepted after the command too."""
    parser.add_argument("--repo", metavar="DIR", type=Path, default=default,
                        help="the program repository (default: the one around the current folder)")
